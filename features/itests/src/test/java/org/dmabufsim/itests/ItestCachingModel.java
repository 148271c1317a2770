// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.sim.Simulation;

/**
 * A plain caching model the integration tests register in the default simulation, so that heap
 * configurations do not depend on which built-in models the core has: it hands every importer the
 * buffer's own table and maps it cacheable.
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
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        return buffer.table();
    }

    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        // the buffer's own table stays as it is
    }

    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(buffer.pages(), MemAttr.CACHEABLE);
    }
}
