// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import org.dmabufsim.mem.PageRange;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The DMA mapping API ({@code include/linux/dma-mapping.h}) over dma-direct (with swiotlb) or
 * dma-iommu, whichever the device has.
 *
 * <p>For a non-coherent device, mapping and syncing do arm64 cache maintenance by direction and
 * {@link org.dmabufsim.sim.Arm64Era} (rule 95) unless {@link DmaAttrs#SKIP_CPU_SYNC} is given. The
 * maintenance address is derived as the kernel path derives it (rule 57a): dma-direct computes it
 * from {@code sg_dma_address} ({@code dma_to_phys}), dma-iommu from the page ({@code sg_phys}).
 * Coherent devices get no maintenance; swiotlb copies happen regardless of coherency.
 *
 * <p>Every call is checked by dma-debug ({@link DmaDebug}); misuse is reported there, not thrown.
 * A direction of {@link DmaDirection#NONE} is a kernel BUG ({@code BUG_ON(!valid_dma_direction(dir))})
 * and throws {@link org.dmabufsim.sim.KernelBug}. A closed device throws
 * {@link org.dmabufsim.sim.ErrnoException} ENODEV.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaMapping {

    /** {@code DMA_MAPPING_ERROR}. */
    long DMA_MAPPING_ERROR = ~0L;

    /**
     * {@code dma_map_sg_attrs}: maps the first {@code nents} entries.
     *
     * @return the number of DMA segments (dma-iommu merges, dma-direct does not), 0 on failure
     */
    int mapSg(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_unmap_sg_attrs}: {@code nents} must be what was passed to {@link #mapSg}. */
    void unmapSg(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs);

    /**
     * {@code dma_map_sgtable}: maps all {@code orig_nents} entries and sets {@code nents}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL, ENOMEM or EIO as the kernel returns them
     */
    void mapSgtable(DmaDevice dev, SgTable sgt, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_unmap_sgtable}. */
    void unmapSgtable(DmaDevice dev, SgTable sgt, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_sync_sg_for_cpu}. */
    void syncSgForCpu(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir);

    /** {@code dma_sync_sg_for_device}. */
    void syncSgForDevice(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir);

    /** {@code dma_sync_sgtable_for_cpu} (all {@code orig_nents} entries). */
    void syncSgtableForCpu(DmaDevice dev, SgTable sgt, DmaDirection dir);

    /** {@code dma_sync_sgtable_for_device}. */
    void syncSgtableForDevice(DmaDevice dev, SgTable sgt, DmaDirection dir);

    /**
     * {@code dma_map_page_attrs}.
     *
     * @return the DMA address, or {@link #DMA_MAPPING_ERROR}; check it with {@link #mappingError}
     */
    long mapPage(DmaDevice dev, long pfn, long offset, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_unmap_page_attrs}. */
    void unmapPage(DmaDevice dev, long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_map_single_attrs} of linear-map memory at physical address {@code phys}. */
    long mapSingle(DmaDevice dev, long phys, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_unmap_single_attrs}. */
    void unmapSingle(DmaDevice dev, long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code dma_mapping_error()}; dma-debug records that the driver checked. */
    boolean mappingError(DmaDevice dev, long dmaAddress);

    /** {@code dma_sync_single_for_cpu}. */
    void syncSingleForCpu(DmaDevice dev, long dmaAddress, long size, DmaDirection dir);

    /** {@code dma_sync_single_for_device}. */
    void syncSingleForDevice(DmaDevice dev, long dmaAddress, long size, DmaDirection dir);

    /** {@code dma_sync_single_range_for_cpu}. */
    void syncSingleRangeForCpu(DmaDevice dev, long dmaAddress, long offset, long size, DmaDirection dir);

    /** {@code dma_sync_single_range_for_device}. */
    void syncSingleRangeForDevice(DmaDevice dev, long dmaAddress, long offset, long size, DmaDirection dir);

    /**
     * {@code dma_alloc_coherent}.
     *
     * @throws org.dmabufsim.sim.ErrnoException ENOMEM
     */
    CoherentBuffer allocCoherent(DmaDevice dev, long size);

    /** {@code dma_free_coherent}. */
    void freeCoherent(DmaDevice dev, CoherentBuffer buffer);

    /** {@code dma_max_mapping_size()}: 256 KiB minus nothing for a device that may bounce, else unlimited. */
    long maxMappingSize(DmaDevice dev);

    /** {@code sg_alloc_table} + {@code sg_set_page} per segment. */
    SgTable newSgTable(List<SgSegment> segments);

    /** One entry per range, each covering the whole range. */
    SgTable sgTableOf(List<PageRange> ranges);

    /**
     * {@code sg_alloc_table_from_pages}: one entry per run of physically contiguous pages.
     *
     * @param pfns page frames in buffer order
     */
    SgTable sgTableFromPages(List<Long> pfns);

    /** ION's and dma-heap's {@code dup_sg_table}: same CPU entries, DMA fields cleared. */
    SgTable dupSgTable(SgTable source);
}
