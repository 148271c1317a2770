// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.core.internal.dma.SgTableImpl;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.mem.PageRange;

/** Exporter ops that record every call; no vmap and no mmap (see {@link FullOps}). */
class RecordingOps implements DmaBufOps {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger releases = new AtomicInteger();
    private final AtomicInteger tables = new AtomicInteger();
    volatile boolean cache;
    volatile boolean mapNull;
    volatile RuntimeException attachError;
    volatile RuntimeException beginError;

    RecordingOps cached() {
        cache = true;
        return this;
    }

    @Override
    public void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        calls.add("attach " + attachment.device().name());
        if (attachError != null) {
            throw attachError;
        }
    }

    @Override
    public void detach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        calls.add("detach " + attachment.device().name());
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction) {
        calls.add("map " + attachment.device().name() + " " + direction.kernelName());
        if (mapNull) {
            return null;
        }
        return SgTableImpl.ofRanges(List.of(new PageRange(0x80000 + tables.getAndIncrement(), 1)));
    }

    @Override
    public void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
        calls.add("unmap " + attachment.device().name() + " " + direction.kernelName());
    }

    @Override
    public void release(DmaBuf dmabuf) {
        releases.incrementAndGet();
        calls.add("release");
    }

    @Override
    public void beginCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
        calls.add("begin " + direction.kernelName());
        if (beginError != null) {
            throw beginError;
        }
    }

    @Override
    public void endCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
        calls.add("end " + direction.kernelName());
    }

    @Override
    public boolean cacheSgtMapping() {
        return cache;
    }
}
