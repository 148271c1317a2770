// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageSink;
import org.dmabufsim.mem.CpuMapping;

/**
 * The {@code dma_buf_ops} of a page-backed buffer: every op goes to the buffer's caching model, with
 * the model's view of the attachment. At release the model's {@code released} hook runs, then the
 * pages go to the sink, or back to the memory map when the export named none.
 */
final class PageBufferOps implements DmaBufOps {
    private final PageBufferImpl buffer;
    private final CachingModel model;
    private final PageSink sink;
    private final PageFreer freer;

    PageBufferOps(PageBufferImpl buffer, CachingModel model, PageSink sink, PageFreer freer) {
        this.buffer = buffer;
        this.model = model;
        this.sink = sink;
        this.freer = freer;
    }

    /** The buffer as its caching model sees it. */
    PageBufferImpl buffer() {
        return buffer;
    }

    @Override
    public void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        PageAttachmentImpl pa = buffer.newAttachment(attachment);
        model.attach(buffer, pa);
        buffer.add(pa);
    }

    @Override
    public void detach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        PageAttachmentImpl pa = buffer.of(attachment);
        try {
            model.detach(buffer, pa);
        } finally {
            buffer.remove(pa);
        }
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction) {
        return model.map(buffer, buffer.of(attachment), direction);
    }

    @Override
    public void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
        model.unmap(buffer, buffer.of(attachment), table, direction);
    }

    @Override
    public void release(DmaBuf dmabuf) {
        try {
            model.released(buffer);
        } finally {
            if (sink != null) {
                sink.free(buffer.pages());
            } else {
                freer.free(buffer.pages());
            }
        }
    }

    @Override
    public void beginCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
        model.beginCpuAccess(buffer, direction);
    }

    @Override
    public void endCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
        model.endCpuAccess(buffer, direction);
    }

    @Override
    public void beginCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
        model.beginCpuAccessPartial(buffer, direction, offset, length);
    }

    @Override
    public void endCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
        model.endCpuAccessPartial(buffer, direction, offset, length);
    }

    @Override
    public CpuMapping mmap(DmaBuf dmabuf, long pgoff, long pages) {
        return model.mmap(buffer, pgoff, pages);
    }

    @Override
    public CpuMapping vmap(DmaBuf dmabuf) {
        return model.vmap(buffer);
    }

    @Override
    public void vunmap(DmaBuf dmabuf, CpuMapping mapping) {
        model.vunmap(buffer, mapping);
    }

    @Override
    public boolean cacheSgtMapping() {
        return model.cacheSgtMapping();
    }
}
