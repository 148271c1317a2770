// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Simulation;

/**
 * An exporter written the way an outside driver writer would: its own pages, {@code map_dma_buf} as
 * {@code dma_map_sgtable} of a fresh table on the importing device, optional
 * {@code cache_sgt_mapping} and vmap. Every op call is recorded.
 */
class TestExporter implements DmaBufOps {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger releases = new AtomicInteger();
    private final Simulation sim;
    private final List<PageRange> pages;
    private final boolean cacheSgt;
    private final boolean vmappable;

    TestExporter(Simulation sim, List<PageRange> pages, boolean cacheSgt, boolean vmappable) {
        this.sim = sim;
        this.pages = List.copyOf(pages);
        this.cacheSgt = cacheSgt;
        this.vmappable = vmappable;
    }

    long size() {
        return pages.stream().mapToLong(PageRange::bytes).sum();
    }

    private static String dev(DmaBufAttachment a) {
        return a.device().name();
    }

    @Override
    public void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        calls.add("attach " + dev(attachment));
    }

    @Override
    public void detach(DmaBuf dmabuf, DmaBufAttachment attachment) {
        calls.add("detach " + dev(attachment));
    }

    @Override
    public SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction) {
        calls.add("map " + dev(attachment) + " " + direction.kernelName());
        SgTable table = sim.dma().sgTableOf(pages);
        sim.dma().mapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
        return table;
    }

    @Override
    public void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
        calls.add("unmap " + dev(attachment) + " " + direction.kernelName());
        sim.dma().unmapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
    }

    @Override
    public void release(DmaBuf dmabuf) {
        calls.add("release");
        releases.incrementAndGet();
    }

    @Override
    public CpuMapping vmap(DmaBuf dmabuf) {
        if (!vmappable) {
            return DmaBufOps.super.vmap(dmabuf);
        }
        calls.add("vmap");
        return sim.cpu().map(pages, MemAttr.CACHEABLE);
    }

    @Override
    public void vunmap(DmaBuf dmabuf, CpuMapping mapping) {
        calls.add("vunmap");
        mapping.unmap();
    }

    @Override
    public boolean cacheSgtMapping() {
        return cacheSgt;
    }
}
