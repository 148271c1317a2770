// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

/**
 * A snapshot of a simulation's cost counters. Take two and {@link #minus subtract} them to measure
 * one phase.
 *
 * @param linesWalked lines visited by cache maintenance by range (the whole range, as by-VA
 *        maintenance does, whether the line is present or not)
 * @param linesWrittenBack dirty lines written back by maintenance (clean, clean+invalidate)
 * @param linesInvalidated present lines dropped by maintenance (invalidate, clean+invalidate)
 * @param linesPrefetched lines filled by speculative prefetch
 * @param linesEvicted lines evicted by capacity or by modelled pressure
 * @param evictionWritebacks evicted lines that were dirty and so written back
 * @param bytesBounced bytes copied between original buffers and swiotlb slots
 * @param iommuPagesMapped 4 KiB IOMMU pages mapped (a block counts its 4 KiB pages)
 * @param iommuPagesUnmapped 4 KiB IOMMU pages unmapped
 * @param iotlbInvalidations IOTLB invalidations issued (strict: per unmap; lazy: per flush-queue flush)
 * @param iotlbMisses IOMMU translations that had to walk the page table
 * @param iommuFaults translations that faulted
 * @param uncachedCpuBytes bytes the CPU moved through write-combine or device mappings
 * @param cpuBytesZeroed bytes zeroed through the cacheable linear map
 * @param dmaMapCalls dma_map_* calls (sg, page, single)
 * @param dmaUnmapCalls dma_unmap_* calls
 * @param dmaSyncCalls dma_sync_* calls
 * @param deviceBytesRead bytes read by device DMA
 * @param deviceBytesWritten bytes written by device DMA
 * @param cpuNs modelled CPU time spent in the modelled operations
 * @param deviceNs modelled device time spent in DMA jobs
 */
public record Counters(long linesWalked, long linesWrittenBack, long linesInvalidated, long linesPrefetched,
        long linesEvicted, long evictionWritebacks, long bytesBounced, long iommuPagesMapped, long iommuPagesUnmapped,
        long iotlbInvalidations, long iotlbMisses, long iommuFaults, long uncachedCpuBytes, long cpuBytesZeroed,
        long dmaMapCalls, long dmaUnmapCalls, long dmaSyncCalls, long deviceBytesRead, long deviceBytesWritten,
        long cpuNs, long deviceNs) {

    /** This snapshot minus an earlier one: what happened in between. */
    public Counters minus(Counters earlier) {
        return new Counters(linesWalked - earlier.linesWalked, linesWrittenBack - earlier.linesWrittenBack,
                linesInvalidated - earlier.linesInvalidated, linesPrefetched - earlier.linesPrefetched,
                linesEvicted - earlier.linesEvicted, evictionWritebacks - earlier.evictionWritebacks,
                bytesBounced - earlier.bytesBounced, iommuPagesMapped - earlier.iommuPagesMapped,
                iommuPagesUnmapped - earlier.iommuPagesUnmapped, iotlbInvalidations - earlier.iotlbInvalidations,
                iotlbMisses - earlier.iotlbMisses, iommuFaults - earlier.iommuFaults,
                uncachedCpuBytes - earlier.uncachedCpuBytes, cpuBytesZeroed - earlier.cpuBytesZeroed,
                dmaMapCalls - earlier.dmaMapCalls, dmaUnmapCalls - earlier.dmaUnmapCalls,
                dmaSyncCalls - earlier.dmaSyncCalls, deviceBytesRead - earlier.deviceBytesRead,
                deviceBytesWritten - earlier.deviceBytesWritten, cpuNs - earlier.cpuNs, deviceNs - earlier.deviceNs);
    }
}
