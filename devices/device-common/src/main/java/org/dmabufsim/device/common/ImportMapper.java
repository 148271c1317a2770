// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.function.Consumer;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * Maps and unmaps an import the way the driver's {@link ImportMode} says. Callers hold the
 * import's lock. Stateless.
 */
final class ImportMapper {
    private final DmaMapping dma;
    private final DmaDevice device;
    private final ImportMode mode;
    private final int frameBytes;

    ImportMapper(DmaMapping dma, DmaDevice device, ImportMode mode, int frameBytes) {
        this.dma = dma;
        this.device = device;
        this.mode = mode;
        this.frameBytes = frameBytes;
    }

    /**
     * {@code dma_buf_map_attachment}, then (map-table) the driver's own {@code dma_map_sg} on the
     * returned table, then the segment check, the descriptors for a frame copied from the table as
     * it is now ({@link DriverChecks#program(SgTable, int, int, long)}), and the model's
     * {@code check}. A failure leaves the import unmapped and is thrown: the exporter's errno, ENOMEM
     * for no segments, the check's errno.
     */
    void map(Import imp, Consumer<Import> check) {
        ImportedBuffer b = imp.buffer();
        SgTable sgt = b.dmabuf().mapAttachment(b.attachment(), b.direction());
        int count = sgt.nents();
        if (mode == ImportMode.MAP_TABLE) {
            count = mapTable(b, sgt);
        }
        imp.mapped(sgt, count);
        try {
            DriverChecks.checkSegments(device.name(), sgt, count);
            imp.programmed(DriverChecks.program(sgt, count, frameBytes, device.spec().dmaMask()));
            check.accept(imp);
        } catch (RuntimeException e) {
            unmap(imp);
            throw e;
        }
    }

    /** The vendor driver's {@code dma_map_sg(dev, sgt->sgl, sgt->orig_nents, dir)}; 0 is ENOMEM. */
    private int mapTable(ImportedBuffer b, SgTable sgt) {
        int count = dma.mapSg(device, sgt, sgt.origNents(), b.direction(), DmaAttrs.NONE);
        if (count == 0) {
            b.dmabuf().unmapAttachment(b.attachment(), sgt, b.direction());
            throw new ErrnoException(Errno.ENOMEM, device.name() + ": dma_map_sg of the imported table failed ("
                    + sgt.origNents() + " entries)");
        }
        return count;
    }

    /** (map-table) the driver's {@code dma_unmap_sg}, then {@code dma_buf_unmap_attachment}. */
    void unmap(Import imp) {
        ImportedBuffer b = imp.buffer();
        SgTable sgt = imp.mappedTable();
        imp.unmapped();
        try {
            if (mode == ImportMode.MAP_TABLE) {
                dma.unmapSg(device, sgt, sgt.origNents(), b.direction(), DmaAttrs.NONE);
            }
        } finally {
            b.dmabuf().unmapAttachment(b.attachment(), sgt, b.direction());
        }
    }
}
