// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;

/**
 * The {@code dma-heap} caching model as {@code drivers/dma-buf/heaps/system_heap.c} implements its
 * {@code dma_buf_ops}, for a simulation whose core does not register one yet
 * ({@link CpuAccessBenchmark} registers it only then): a {@code dup_sg_table} per attachment, map
 * sets {@code mapped}, and begin/end_cpu_access sync only the mapped attachments'
 * tables. {@code invalidate_kernel_vmap_range}/{@code flush_kernel_vmap_range} are no-ops on arm64
 * (PIPT data cache), so the vmap count changes nothing here. The core calls every hook with the
 * buffer's lock held ({@code buffer->lock}); the model keeps no state of its own.
 */
final class DmaHeapModel implements CachingModel {

    @Override
    public String name() {
        return DMA_HEAP;
    }

    @Override
    public void attach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(buffer.sim().dma().dupSgTable(buffer.table()));
        attachment.setMapped(false);
    }

    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        SgTable table = attachment.table().orElseThrow();
        buffer.sim().dma().mapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
        attachment.setMapped(true);
        return table;
    }

    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        attachment.setMapped(false);
        buffer.sim().dma().unmapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
    }

    @Override
    public void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
        for (PageAttachment a : buffer.attachments()) {
            if (a.isMapped()) {
                buffer.sim().dma().syncSgtableForCpu(a.device(), a.table().orElseThrow(), direction);
            }
        }
    }

    @Override
    public void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
        for (PageAttachment a : buffer.attachments()) {
            if (a.isMapped()) {
                buffer.sim().dma().syncSgtableForDevice(a.device(), a.table().orElseThrow(), direction);
            }
        }
    }

    /** {@code remap_pfn_range} of every page from {@code pgoff}, with the user's (cacheable) protection. */
    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        List<PageRange> slice = new ArrayList<>();
        long skip = pgoff;
        long left = pages;
        for (PageRange r : buffer.pages()) {
            if (left == 0) {
                break;
            }
            if (skip >= r.count()) {
                skip -= r.count();
                continue;
            }
            long n = Math.min(r.count() - skip, left);
            slice.add(new PageRange(r.pfn() + skip, n));
            left -= n;
            skip = 0;
        }
        return buffer.sim().cpu().map(slice, MemAttr.CACHEABLE);
    }
}
