// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

/**
 * A device's view of memory as its DMA master sees it: the DMA address space (dma-direct window,
 * IOMMU domain or identity) in front of DRAM. Implemented by the DMA layer for each device.
 */
public interface DeviceBus {

    /**
     * Translates one burst. The burst never crosses a page of the DMA address space, so one
     * translation covers it.
     *
     * @param dmaAddress device address of the first byte
     * @param length bytes, 1 to one page
     * @param write whether the device writes
     */
    BusAccess access(long dmaAddress, int length, boolean write);

    /**
     * The common case of {@link #access} without allocating: the physical address when the burst may
     * proceed and translating it needs nothing counted, walked or reported; otherwise -1 with nothing
     * done, and the caller calls {@link #access}. By default always -1.
     */
    default long phys(long dmaAddress, int length, boolean write) {
        return -1;
    }

    /** Whether the device's accesses snoop the CPU cache (IO-coherent). */
    boolean coherent();
}
