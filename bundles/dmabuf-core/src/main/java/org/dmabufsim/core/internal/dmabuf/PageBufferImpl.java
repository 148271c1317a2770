// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Simulation;

/**
 * A heap's buffer as the caching model sees it ({@code struct ion_buffer} / {@code
 * system_heap_buffer}): its chunks, its own table with one entry per chunk, flags, the model's
 * attachments and private state. The core owns it; the model's hooks run with the buffer's lock held.
 */
final class PageBufferImpl implements PageBuffer {
    private final Simulation sim;
    private final List<PageRange> pages;
    private final long size;
    private final long flags;
    private final boolean kernelMappable;
    private final SgTable table;
    private final Object lock = new Object(); // guards attachments and byAttachment
    private final List<PageAttachmentImpl> attachments = new ArrayList<>(); // newest first
    private final Map<DmaBufAttachment, PageAttachmentImpl> byAttachment = new IdentityHashMap<>();
    private volatile DmaBufImpl dmabuf;
    private volatile Object modelState;

    PageBufferImpl(Simulation sim, PageExportInfo info, SgTable table) {
        this.sim = sim;
        this.pages = info.pages();
        this.size = info.size();
        this.flags = info.flags();
        this.kernelMappable = info.kernelMappable();
        this.table = table;
    }

    /** Set once, right after the dma-buf is created. */
    void bind(DmaBufImpl buffer) {
        this.dmabuf = buffer;
    }

    @Override
    public DmaBuf dmabuf() {
        return dmabuf;
    }

    @Override
    public Simulation sim() {
        return sim;
    }

    @Override
    public List<PageRange> pages() {
        return pages;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long flags() {
        return flags;
    }

    @Override
    public boolean kernelMappable() {
        return kernelMappable;
    }

    @Override
    public SgTable table() {
        return table;
    }

    @Override
    public List<PageAttachment> attachments() {
        synchronized (lock) {
            return List.copyOf(attachments);
        }
    }

    @Override
    public int vmapCount() {
        return dmabuf.vmapCount();
    }

    @Override
    public Object modelState() {
        return modelState;
    }

    @Override
    public void setModelState(Object state) {
        this.modelState = state;
    }

    /** A new model view of {@code attachment}, not yet listed. */
    PageAttachmentImpl newAttachment(DmaBufAttachment attachment) {
        return new PageAttachmentImpl(attachment);
    }

    /** Lists {@code pa} at the head, after the model's attach hook succeeded. */
    void add(PageAttachmentImpl pa) {
        synchronized (lock) {
            attachments.add(0, pa);
            byAttachment.put(pa.attachment(), pa);
        }
    }

    void remove(PageAttachmentImpl pa) {
        synchronized (lock) {
            attachments.remove(pa);
            byAttachment.remove(pa.attachment());
        }
    }

    /** The model view of {@code attachment}. */
    PageAttachmentImpl of(DmaBufAttachment attachment) {
        synchronized (lock) {
            PageAttachmentImpl pa = byAttachment.get(attachment);
            if (pa == null) {
                throw new IllegalStateException(attachment + " is not an attachment of " + dmabuf);
            }
            return pa;
        }
    }

    @Override
    public String toString() {
        return "page-buffer{" + dmabuf + ", " + pages.size() + " chunks}";
    }
}
