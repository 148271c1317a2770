// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.sim.Simulation;

/**
 * A caching model the integration tests register in the default simulation, so that heap
 * configurations do not depend on which built-in models the core has. It maps as dma-heaps do
 * (a table per attachment, {@code dma_map_sgtable} at map, {@code dma_unmap_sgtable} at unmap) and
 * does no CPU-access maintenance: the tests check lifecycles, not coherency.
 */
final class ItestCachingModel implements CachingModel {
    static final String NAME = "itest";

    /** Registers the model in {@code sim} unless it is there already. */
    static void registerIn(Simulation sim) {
        if (!sim.dmabufs().cachingModels().contains(NAME)) {
            sim.dmabufs().registerCachingModel(new ItestCachingModel());
        }
    }

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
