// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A caching model: the {@code dma_buf_ops} of page-backed buffers, as one kernel version of ION or
 * dma-heaps implemented them. The core calls the hooks with the buffer's lock held; hooks throw
 * {@link org.dmabufsim.sim.ErrnoException} to fail.
 */
@ConsumerType
public interface CachingModel {

    /** ION before the rework: one shared table, dma address = physical address, flush at allocation. */
    String ION_4_9 = "ion-4.9";
    /**
     * ION after Laura Abbott's rework: a table per attachment, sync every attachment in begin/end.
     *
     * <p>Attachments that are attached but not mapped are synced too (rule 57a), with the table's
     * {@code dma_address} 0 (never mapped) or the stale address of the last mapping. Each such sync is
     * flagged with a WARN in the kernel log that the kernel never printed:
     * {@code "ion: sync of unmapped attachment <dev_name> (dma_address 0) in ion_dma_buf_begin_cpu_access:
     * ION syncs every attachment, mapped or not (rule 57a) [dmabuf-sim diagnostic, not a kernel message]"}
     * ({@code (stale dma_address 0x<hex>)} for an unmapped one; {@code ion_dma_buf_end_cpu_access} for
     * end). dma-debug stays silent about these syncs, as in the kernel: {@code debug_dma_sync_sg_for_*}
     * checks only the entries {@code get_nr_mapped_entries()} finds, none for an unmapped table.
     */
    String ION_4_12 = "ion-4.12";
    /** dma-buf heaps: a table per attachment, sync only mapped attachments. */
    String DMA_HEAP = "dma-heap";

    /** The model's name, e.g. {@link #DMA_HEAP}. */
    String name();

    /** After export, before the buffer is handed out. */
    default void allocated(PageBuffer buffer) {
    }

    /** At release, before the pages are given back. */
    default void released(PageBuffer buffer) {
    }

    /** {@code ops->attach}. */
    default void attach(PageBuffer buffer, PageAttachment attachment) {
    }

    /** {@code ops->detach}. */
    default void detach(PageBuffer buffer, PageAttachment attachment) {
    }

    /** {@code ops->map_dma_buf}. */
    SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction);

    /** {@code ops->unmap_dma_buf}. */
    void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction);

    /** {@code ops->begin_cpu_access}. */
    default void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
    }

    /** {@code ops->end_cpu_access}. */
    default void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
    }

    /** {@code ops->begin_cpu_access_partial}; defaults to the whole buffer. */
    default void beginCpuAccessPartial(PageBuffer buffer, DmaDirection direction, long offset, long length) {
        beginCpuAccess(buffer, direction);
    }

    /** {@code ops->end_cpu_access_partial}; defaults to the whole buffer. */
    default void endCpuAccessPartial(PageBuffer buffer, DmaDirection direction, long offset, long length) {
        endCpuAccess(buffer, direction);
    }

    /** {@code ops->mmap} of {@code pages} pages from {@code pgoff} (bounds already checked). */
    CpuMapping mmap(PageBuffer buffer, long pgoff, long pages);

    /** {@code ops->vmap}: by default a cacheable kernel mapping of all pages. */
    default CpuMapping vmap(PageBuffer buffer) {
        return buffer.sim().cpu().map(buffer.pages(), MemAttr.CACHEABLE);
    }

    /** {@code ops->vunmap}. */
    default void vunmap(PageBuffer buffer, CpuMapping mapping) {
        mapping.unmap();
    }

    /** {@code ops->cache_sgt_mapping}. */
    default boolean cacheSgtMapping() {
        return false;
    }
}
