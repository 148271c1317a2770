// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

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
 * Until the built-in models are in the core: the {@code dma-heap} behaviour (rules 74-77) for the
 * device tests. A table per attachment, {@code dma_map_sgtable} at map, syncs of mapped attachments
 * only in begin/end, cacheable mmap.
 */
final class DmaHeapStandIn implements CachingModel {

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

    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(slice(buffer.pages(), pgoff, pages), MemAttr.CACHEABLE);
    }

    /** Pages {@code [pgoff, pgoff + pages)} of the chunks. */
    static List<PageRange> slice(List<PageRange> chunks, long pgoff, long pages) {
        List<PageRange> out = new ArrayList<>();
        long skip = pgoff;
        long left = pages;
        for (PageRange c : chunks) {
            if (left == 0) {
                break;
            }
            if (skip >= c.count()) {
                skip -= c.count();
                continue;
            }
            long n = Math.min(c.count() - skip, left);
            out.add(new PageRange(c.pfn() + skip, n));
            skip = 0;
            left -= n;
        }
        return out;
    }
}
