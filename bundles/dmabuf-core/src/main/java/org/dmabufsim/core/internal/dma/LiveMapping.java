// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.PageRange;

/** A mapping that holds resources of the DMA layer until it is unmapped (see {@link LiveMappings}). */
sealed interface LiveMapping permits LiveMapping.Bounce, LiveMapping.Iova, LiveMapping.Coherent {

    /**
     * A swiotlb bounce buffer of dma-direct.
     *
     * @param tlbPhys the slot's physical address ({@code tlb_addr})
     * @param size the mapping size
     * @param dir the mapping direction, which decides the copy back at teardown
     */
    record Bounce(long tlbPhys, long size, DmaDirection dir) implements LiveMapping {
    }

    /**
     * An IOVA range of dma-iommu, mapped in the device's domain.
     *
     * @param iova granule-aligned start
     * @param size bytes allocated (granule-aligned)
     */
    record Iova(long iova, long size) implements LiveMapping {
    }

    /**
     * A {@code dma_alloc_coherent} buffer.
     *
     * @param dmaAddress the device address handed out
     * @param size bytes requested
     * @param pages the backing pages
     * @param cmaRegion the CMA region the pages came from, or {@code null} for the buddy allocator
     * @param cpu the CPU mapping handed out
     * @param iovaSize for an IOMMU device, the IOVA bytes mapped at {@code dmaAddress}; 0 otherwise
     */
    record Coherent(long dmaAddress, long size, PageRange pages, String cmaRegion, CpuMapping cpu, long iovaSize)
            implements LiveMapping {
    }
}
