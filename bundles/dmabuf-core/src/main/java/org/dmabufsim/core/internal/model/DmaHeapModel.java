// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/**
 * dma-buf heaps ({@code drivers/dma-buf/heaps/system_heap.c}), rules 74-77:
 * <ul>
 * <li>attach: a duplicate of the buffer's table ({@code sg_set_page} per entry, DMA fields clear),
 * {@code mapped = false}; detach frees it;</li>
 * <li>map: {@code dma_map_sgtable(attachment->dev, table, dir, 0)} (its error is returned),
 * then {@code mapped = true}; unmap: {@code mapped = false}, then {@code dma_unmap_sgtable};</li>
 * <li>begin_cpu_access: {@code invalidate_kernel_vmap_range} when vmapped, a no-op on arm64 (its data
 * cache is PIPT, a vmap alias needs no maintenance of its own), then
 * {@code dma_sync_sgtable_for_cpu} for mapped attachments only; end: {@code flush_kernel_vmap_range}
 * (likewise a no-op) and {@code dma_sync_sgtable_for_device} for mapped attachments only;</li>
 * <li>mmap: {@code remap_pfn_range} page by page from {@code vm_pgoff}, cacheable; vmap:
 * {@code vmap(PAGE_KERNEL)}, cacheable (the default).</li>
 * </ul>
 * Stateless: the per-attachment table and {@code mapped} flag live in the {@link PageAttachment},
 * written with the dma-buf lock held.
 */
final class DmaHeapModel implements CachingModel {

    @Override
    public String name() {
        return DMA_HEAP;
    }

    /** {@code system_heap_attach}. */
    @Override
    public void attach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(buffer.sim().dma().dupSgTable(buffer.table()));
        attachment.setMapped(false);
    }

    /** {@code system_heap_detach}: {@code sg_free_table}. */
    @Override
    public void detach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(null);
    }

    /** {@code system_heap_map_dma_buf}: an ErrnoException of {@code dma_map_sgtable} propagates. */
    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        SgTable table = table(attachment);
        buffer.sim().dma().mapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
        attachment.setMapped(true);
        return table;
    }

    /** {@code system_heap_unmap_dma_buf}. */
    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        attachment.setMapped(false);
        buffer.sim().dma().unmapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
    }

    /** {@code system_heap_dma_buf_begin_cpu_access}. */
    @Override
    public void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
        DmaMapping dma = buffer.sim().dma();
        for (PageAttachment a : buffer.attachments()) {
            if (a.isMapped()) {
                dma.syncSgtableForCpu(a.device(), table(a), direction);
            }
        }
    }

    /** {@code system_heap_dma_buf_end_cpu_access}. */
    @Override
    public void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
        DmaMapping dma = buffer.sim().dma();
        for (PageAttachment a : buffer.attachments()) {
            if (a.isMapped()) {
                dma.syncSgtableForDevice(a.device(), table(a), direction);
            }
        }
    }

    /** {@code system_heap_mmap}. */
    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(PageSlices.slice(buffer.pages(), pgoff, pages), MemAttr.CACHEABLE);
    }

    private static SgTable table(PageAttachment attachment) {
        return attachment.table().orElseThrow(() -> new IllegalStateException(attachment + " has no table"));
    }
}
