// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.Optional;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.PageAttachment;

/**
 * {@code struct dma_heap_attachment}: the model's table and {@code mapped} flag for one attachment.
 * Written by the caching model with the buffer's lock held; volatile for readers on other threads.
 */
final class PageAttachmentImpl implements PageAttachment {
    private final DmaBufAttachment attachment;
    private volatile SgTable table;
    private volatile boolean mapped;

    PageAttachmentImpl(DmaBufAttachment attachment) {
        this.attachment = attachment;
    }

    @Override
    public DmaBufAttachment attachment() {
        return attachment;
    }

    @Override
    public Optional<SgTable> table() {
        return Optional.ofNullable(table);
    }

    @Override
    public void setTable(SgTable newTable) {
        this.table = newTable;
    }

    @Override
    public boolean isMapped() {
        return mapped;
    }

    @Override
    public void setMapped(boolean value) {
        this.mapped = value;
    }

    @Override
    public String toString() {
        return "page-attachment{" + attachment.device().name() + ", mapped=" + mapped + "}";
    }
}
