// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Simulation;

/** A heap type for component tests: one zeroed buddy block per buffer; counts shutdowns. */
final class TestHeapFactory implements HeapFactory {
    final AtomicInteger shutdowns = new AtomicInteger();
    private final String type;

    TestHeapFactory(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public HeapPolicy create(HeapContext context) {
        Simulation sim = context.sim();
        return new HeapPolicy() {
            @Override
            public List<PageRange> allocate(long len, long flags) {
                long pages = len / MemoryMap.PAGE_SIZE;
                PageRange block = sim.memory().allocPages(64 - Long.numberOfLeadingZeros(pages - 1), Zone.NORMAL);
                sim.cpu().clearPages(block);
                return List.of(block);
            }

            @Override
            public void free(List<PageRange> pages, long flags) {
                pages.forEach(sim.memory()::freePages);
            }

            @Override
            public void shutdown() {
                shutdowns.incrementAndGet();
            }
        };
    }
}
