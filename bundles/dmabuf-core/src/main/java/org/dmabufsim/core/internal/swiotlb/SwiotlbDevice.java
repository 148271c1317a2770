// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.swiotlb;

import java.util.Objects;
import org.dmabufsim.dma.DeviceSpec;

/**
 * What swiotlb reads from {@code struct device} when it places a bounce buffer.
 *
 * @param driver {@code dev_driver_string()}, for messages; {@code null} for an anonymous caller
 * @param name {@code dev_name()}, for messages; {@code null} for an anonymous caller
 * @param minAlignMask {@code dma_get_min_align_mask()}: low address bits the bounce buffer must keep
 * @param segmentBoundaryMask {@code dma_get_seg_boundary()}: a buffer never crosses such a boundary
 *     in DMA address space ({@code -1} for none, {@code ULONG_MAX})
 * @param dmaOffset {@code dma_addr = phys - dmaOffset} ({@code phys_to_dma})
 */
public record SwiotlbDevice(String driver, String name, long minAlignMask, long segmentBoundaryMask, long dmaOffset) {

    /** No name, no min-align, no boundary, no offset. */
    public static final SwiotlbDevice ANONYMOUS = new SwiotlbDevice(null, null, 0, -1L, 0);

    public SwiotlbDevice {
        if ((driver == null) != (name == null)) {
            throw new IllegalArgumentException("driver and name go together");
        }
        if (segmentBoundaryMask == 0 || Long.bitCount(segmentBoundaryMask + 1) > 1) {
            throw new IllegalArgumentException("segment boundary mask must be 2^n - 1: " + segmentBoundaryMask);
        }
    }

    /** The device's fields, no min-align mask. */
    public static SwiotlbDevice of(DeviceSpec dev) {
        Objects.requireNonNull(dev, "dev");
        return new SwiotlbDevice(dev.driver(), dev.name(), 0, dev.segmentBoundaryMask(), dev.dmaOffset());
    }

    /** The same device with {@code dma_set_min_align_mask(dev, mask)}. */
    public SwiotlbDevice withMinAlignMask(long mask) {
        return new SwiotlbDevice(driver, name, mask, segmentBoundaryMask, dmaOffset);
    }

    /** {@code dev_printk}'s prefix: {@code "<driver> <name>: "}, empty when anonymous. */
    String prefix() {
        return name == null ? "" : driver + " " + name + ": ";
    }
}
