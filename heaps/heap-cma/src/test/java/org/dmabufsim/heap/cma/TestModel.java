// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.cma;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;

/**
 * A trivial caching model for heap tests: the buffer's own table; cacheable user mappings, as
 * {@code cma_heap_mmap} leaves {@code vm_page_prot} alone. It remembers each live buffer's table by
 * inode.
 */
final class TestModel implements CachingModel {
    static final String NAME = "test";
    final Map<Long, SgTable> tables = new ConcurrentHashMap<>();
    final Map<Long, List<PageRange>> pages = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void allocated(PageBuffer buffer) {
        tables.put(buffer.dmabuf().inode(), buffer.table());
        pages.put(buffer.dmabuf().inode(), buffer.pages());
    }

    @Override
    public void released(PageBuffer buffer) {
        tables.remove(buffer.dmabuf().inode());
        pages.remove(buffer.dmabuf().inode());
    }

    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        return buffer.table();
    }

    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
    }

    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(buffer.pages(), MemAttr.CACHEABLE);
    }
}
