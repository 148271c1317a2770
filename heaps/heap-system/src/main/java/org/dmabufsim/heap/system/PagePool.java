// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import java.util.ArrayDeque;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;

/**
 * {@code struct ion_page_pool}: zeroed chunks of one order, kept for reuse. Chunks are taken from the
 * head and added at the tail ({@code list_first_entry} / {@code list_add_tail}), so the oldest chunk
 * is reused first. An empty pool falls back to the buddy allocator with {@code __GFP_ZERO}: the new
 * chunk is cleared through the cache ({@link Cpu#clearPages}). arm64 has no highmem, so there is one
 * list (the kernel's {@code low_items}).
 *
 * @ThreadSafe
 */
final class PagePool {
    private final int order;
    private final boolean cached;
    private final MemoryMap memory;
    private final Cpu cpu;
    private final Object lock = new Object(); // pool->mutex: guards items
    private final ArrayDeque<PageRange> items = new ArrayDeque<>();

    PagePool(int order, boolean cached, MemoryMap memory, Cpu cpu) {
        this.order = order;
        this.cached = cached;
        this.memory = memory;
        this.cpu = cpu;
    }

    int order() {
        return order;
    }

    boolean cached() {
        return cached;
    }

    /**
     * {@code ion_page_pool_alloc}: a pooled chunk, else a fresh zeroed one from the buddy allocator
     * (one try, no reclaim); {@code null} if neither has one.
     */
    PageRange alloc() {
        synchronized (lock) {
            PageRange chunk = items.pollFirst();
            if (chunk != null) {
                return chunk;
            }
        }
        PageRange chunk;
        try {
            chunk = memory.allocPages(order, Zone.NORMAL);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOMEM) {
                return null;
            }
            throw e;
        }
        cpu.clearPages(chunk);
        return chunk;
    }

    /** {@code ion_page_pool_free}: takes a zeroed chunk of this pool's order. */
    void free(PageRange chunk) {
        if (chunk.order() != order) {
            throw new KernelBug("kernel BUG at drivers/staging/android/ion/ion_page_pool.c: "
                    + "BUG_ON(pool->order != compound_order(page)) (order " + order + ", chunk " + chunk + ")");
        }
        synchronized (lock) {
            items.addLast(chunk);
        }
    }

    /** Pages held ({@code ion_page_pool_total}). */
    long pages() {
        synchronized (lock) {
            return (long) items.size() << order;
        }
    }

    /**
     * {@code ion_page_pool_shrink}: 0 returns the pages held; otherwise gives chunks back to the buddy
     * allocator, oldest first, until at least {@code nrToScan} pages were freed or the pool is empty.
     */
    long shrink(long nrToScan) {
        if (nrToScan == 0) {
            return pages();
        }
        long freed = 0;
        while (freed < nrToScan) {
            PageRange chunk;
            synchronized (lock) {
                chunk = items.pollFirst();
            }
            if (chunk == null) {
                break;
            }
            memory.freePages(chunk);
            freed += chunk.count();
        }
        return freed;
    }
}
