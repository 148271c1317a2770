// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.cma;

import java.util.List;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Simulation;

/**
 * A CMA heap ({@code ion_cma_heap.c}, {@code dma-buf/heaps/cma_heap.c}; rules 65, 78): each buffer is
 * one physically contiguous {@code cma_alloc} from the heap's area, aligned to
 * {@code min(get_order(size), CONFIG_CMA_ALIGNMENT)}, zeroed through the cacheable linear map as the
 * kernel's {@code memset} does; a failed {@code cma_alloc} is ENOMEM. Released buffers go straight
 * back to the area: no pool, no deferred free.
 *
 * @ThreadSafe stateless; the memory map guards the area
 */
final class CmaHeapPolicy implements HeapPolicy {
    /** {@code CONFIG_CMA_ALIGNMENT}: the largest alignment order a CMA allocation asks for. */
    static final int CMA_ALIGNMENT = 8;

    private final String area;
    private final MemoryMap memory;
    private final Cpu cpu;

    CmaHeapPolicy(String area, Simulation sim) {
        this.area = area;
        this.memory = sim.memory();
        this.cpu = sim.cpu();
    }

    /** @throws org.dmabufsim.sim.ErrnoException ENOMEM when the area has no such free range */
    @Override
    public List<PageRange> allocate(long len, long flags) {
        long pages = len >>> MemoryMap.PAGE_SHIFT;
        PageRange range = memory.allocRegion(area, pages, Math.min(getOrder(len), CMA_ALIGNMENT));
        cpu.clearPages(range);
        return List.of(range);
    }

    @Override
    public void free(List<PageRange> pages, long flags) {
        for (PageRange range : pages) {
            memory.freeRegion(area, range);
        }
    }

    @Override
    public void shutdown() {
        // Nothing is pooled or deferred: every page is either in a live buffer or back in the area.
    }

    /** {@code get_order(size)}: the smallest order whose block of pages holds {@code size} bytes. */
    static int getOrder(long size) {
        long pages = (size - 1) >>> MemoryMap.PAGE_SHIFT;
        return 64 - Long.numberOfLeadingZeros(pages);
    }
}
