// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/**
 * A caching model that maps as dma-heaps do (a table per attachment, {@code dma_map_sgtable} at map,
 * {@code dma_unmap_sgtable} at unmap), so that imports create real DMA mappings for dma-debug.
 */
final class MappingModel implements CachingModel {
    static final String NAME = "test-mapping";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void attach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(buffer.sim().dma().dupSgTable(buffer.table()));
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
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(buffer.pages(), MemAttr.CACHEABLE);
    }
}
