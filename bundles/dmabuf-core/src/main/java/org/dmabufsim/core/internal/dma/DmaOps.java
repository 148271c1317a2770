// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;

/**
 * {@code struct dma_map_ops} of one device: dma-direct (with swiotlb) or dma-iommu. The mapping
 * layer ({@link DmaMappingImpl}) has checked the direction, counted the call and calls dma-debug;
 * the ops do the work and keep the device's {@link LiveMappings}.
 */
interface DmaOps {

    /** {@code map_page}: the DMA address or {@code DMA_MAPPING_ERROR}. */
    long mapPage(long phys, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code unmap_page}. */
    void unmapPage(long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs);

    /** {@code map_sg}: the number of DMA segments, or a negative errno (-EINVAL, -ENOMEM, -EIO). */
    int mapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs);

    /** {@code unmap_sg}. */
    void unmapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs);

    /** {@code sync_single_for_cpu}. */
    void syncSingleForCpu(long dmaAddress, long size, DmaDirection dir);

    /** {@code sync_single_for_device}. */
    void syncSingleForDevice(long dmaAddress, long size, DmaDirection dir);

    /** {@code sync_sg_for_cpu}. */
    void syncSgForCpu(SgTable sgt, int nelems, DmaDirection dir);

    /** {@code sync_sg_for_device}. */
    void syncSgForDevice(SgTable sgt, int nelems, DmaDirection dir);

    /**
     * {@code alloc}.
     *
     * @throws org.dmabufsim.sim.ErrnoException ENOMEM
     */
    CoherentBuffer alloc(long size);

    /** {@code free} of a buffer the device's live mappings still held. */
    void free(LiveMapping.Coherent buffer);

    /** {@code dma_max_mapping_size()}. */
    long maxMappingSize();

    /** Silently undoes a mapping the device left at unbind (bounce data copied back per direction). */
    void teardown(LiveMapping mapping);
}
