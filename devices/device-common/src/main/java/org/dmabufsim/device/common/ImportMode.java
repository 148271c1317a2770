// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.Locale;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * How a driver gets the DMA addresses of an imported buffer: property {@value #PROPERTY}.
 */
public enum ImportMode {
    /**
     * {@code trust} (the default, what upstream importers do): program the device from the table
     * {@code dma_buf_map_attachment} returned, its first {@code sgt->nents} DMA segments
     * ({@code sg_dma_address}, {@code sg_dma_len}).
     */
    TRUST("trust"),
    /**
     * {@code map-table} (what v4.9-era vendor drivers behind an IOMMU did, because ION handed back a
     * table that was not mapped for them): after {@code dma_buf_map_attachment} the driver calls
     * {@code dma_map_sg(dev, sgt->sgl, sgt->orig_nents, dir)} on the returned table itself and
     * programs the segments that call returned; before {@code dma_buf_unmap_attachment} it calls
     * {@code dma_unmap_sg}. On ION v4.9 the table is the buffer's one shared table, so this writes
     * the driver's IOVAs over every other importer's addresses; nothing guards against it.
     */
    MAP_TABLE("map-table");

    /** The configuration property. */
    public static final String PROPERTY = "import.mode";

    private final String value;

    ImportMode(String value) {
        this.value = value;
    }

    /** The property value, e.g. {@code map-table}. */
    public String value() {
        return value;
    }

    /**
     * The mode a configuration asks for, {@link #TRUST} when unset.
     *
     * @throws ErrnoException EINVAL for any other value
     */
    public static ImportMode of(DeviceConfig config) {
        String v = config.property(PROPERTY, TRUST.value).trim().toLowerCase(Locale.ROOT);
        for (ImportMode mode : values()) {
            if (mode.value.equals(v)) {
                return mode;
            }
        }
        throw new ErrnoException(Errno.EINVAL, config.name() + ": " + PROPERTY + "=" + v + " (trust or map-table)");
    }
}
