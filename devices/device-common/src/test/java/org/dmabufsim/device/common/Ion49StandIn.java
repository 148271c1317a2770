// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/**
 * Until the built-in models are in the core: what the device tests need of {@code ion-4.9}
 * (rules 37, 38): one shared table with {@code sg_dma_address = sg_phys}, handed to every importer;
 * unmap does nothing; no cache maintenance anywhere; user mappings of uncached buffers are
 * write-combine, of cached ones cacheable (rule 54).
 */
final class Ion49StandIn implements CachingModel {

    @Override
    public String name() {
        return ION_4_9;
    }

    @Override
    public void allocated(PageBuffer buffer) {
        for (Scatterlist sg : buffer.table().entries()) {
            sg.setDma(sg.phys(), sg.length());
        }
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
        boolean cached = (buffer.flags() & PageExportInfo.FLAG_CACHED) != 0;
        return buffer.sim().cpu().map(DmaHeapStandIn.slice(buffer.pages(), pgoff, pages),
                cached ? MemAttr.CACHEABLE : MemAttr.WRITE_COMBINE);
    }
}
