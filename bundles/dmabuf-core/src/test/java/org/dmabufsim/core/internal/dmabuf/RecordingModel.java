// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dmabufsim.core.internal.dma.SgTableImpl;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;

/** A caching model like dma-heaps' (a table per attachment, a mapped flag) that records its hooks. */
final class RecordingModel implements CachingModel {
    final List<String> hooks = Collections.synchronizedList(new ArrayList<>());
    volatile PageBuffer lastBuffer;
    volatile RuntimeException allocatedError;
    private final String name;

    RecordingModel(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void allocated(PageBuffer buffer) {
        hooks.add("allocated");
        lastBuffer = buffer;
        if (allocatedError != null) {
            throw allocatedError;
        }
        buffer.setModelState("state-of-" + buffer.dmabuf().inode());
    }

    @Override
    public void released(PageBuffer buffer) {
        hooks.add("released");
    }

    @Override
    public void attach(PageBuffer buffer, PageAttachment attachment) {
        hooks.add("attach " + attachment.device().name());
        attachment.setTable(SgTableImpl.dup(buffer.table()));
    }

    @Override
    public void detach(PageBuffer buffer, PageAttachment attachment) {
        hooks.add("detach " + attachment.device().name());
    }

    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        hooks.add("map " + attachment.device().name() + " " + direction.kernelName());
        attachment.setMapped(true);
        return attachment.table().orElseThrow();
    }

    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        hooks.add("unmap " + attachment.device().name() + " " + direction.kernelName());
        attachment.setMapped(false);
    }

    @Override
    public void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
        hooks.add("begin " + direction.kernelName());
    }

    @Override
    public void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
        hooks.add("end " + direction.kernelName());
    }

    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        hooks.add("mmap " + pgoff + " " + pages);
        return new FakeMapping(pages * MemoryMap.PAGE_SIZE);
    }

    @Override
    public CpuMapping vmap(PageBuffer buffer) {
        hooks.add("vmap");
        return new FakeMapping(buffer.size());
    }

    @Override
    public void vunmap(PageBuffer buffer, CpuMapping mapping) {
        hooks.add("vunmap");
        mapping.unmap();
    }
}
