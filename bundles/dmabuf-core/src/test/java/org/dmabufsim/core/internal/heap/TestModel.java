// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/** A trivial caching model for heap tests: the buffer's own table, cacheable CPU mappings. */
final class TestModel implements CachingModel {
    static final String NAME = "test";

    @Override
    public String name() {
        return NAME;
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
