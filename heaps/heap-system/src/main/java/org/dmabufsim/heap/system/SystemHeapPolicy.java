// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ION's system heap ({@code ion_system_heap.c}, v4.12 to v4.14 with cached and uncached pools) on
 * the deferred-free machinery of {@code ion_heap.c}.
 *
 * <p><b>Allocation</b> (rules 58, 59, 73): more than half of RAM is ENOMEM; chunks of order 8, 4 or 0,
 * each the largest that fits the remaining size and is no larger than the previous chunk, taken
 * from the pool of the buffer's kind (cached or not) or fresh and zeroed from the buddy allocator;
 * when no chunk can be had the chunks taken go back to their pools and the allocation is ENOMEM.
 * A failed allocation drains the deferred-free list and is retried once (rule 52).
 *
 * <p><b>Free</b> (rules 60, 66): a released buffer goes on the deferred-free list. Destroying it
 * zeroes it ({@code ion_heap_buffer_zero}: through the cache for cached buffers, through a
 * write-combine mapping and a barrier for uncached ones) and puts each chunk in its order's pool.
 * The shrinker instead frees listed buffers straight to the buddy allocator, unzeroed
 * (ION_PRIV_FLAG_SHRINKER_FREE), then shrinks the pools, high order first, uncached before cached.
 *
 * <p><b>The deferred-free kthread</b> is modelled deterministically by {@link Kthread}: with
 * {@link Kthread#ALLOC} (the default) it drains the whole list at the start of every allocation,
 * before the allocation looks at the pools, as if the idle-priority thread had run since the last
 * release; with {@link Kthread#STARVED} it never runs (a CPU kept busy, the thread being
 * SCHED_IDLE), so the list drains only through a failed allocation's retry, the shrinker and
 * shutdown.
 *
 * @ThreadSafe one lock per pool and one for the deferred-free list; zeroing runs outside them
 */
final class SystemHeapPolicy implements HeapPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(SystemHeapPolicy.class);
    /** "1MB, 64K, 4K": sizes often found in IOMMUs. */
    static final int[] ORDERS = {8, 4, 0};

    /** How the deferred-free kthread is scheduled. */
    enum Kthread { ALLOC, STARVED }

    private final String name;
    private final MemoryMap memory;
    private final Cpu cpu;
    private final Kthread kthread;
    private final PagePool[] cachedPools = new PagePool[ORDERS.length];
    private final PagePool[] uncachedPools = new PagePool[ORDERS.length];
    private final DeferredFreeList freeList = new DeferredFreeList();

    SystemHeapPolicy(String name, Simulation sim, Kthread kthread) {
        this.name = name;
        this.memory = sim.memory();
        this.cpu = sim.cpu();
        this.kthread = kthread;
        for (int i = 0; i < ORDERS.length; i++) {
            cachedPools[i] = new PagePool(ORDERS[i], true, memory, cpu);
            uncachedPools[i] = new PagePool(ORDERS[i], false, memory, cpu);
        }
    }

    /** {@code ion_buffer_create}: the deferred-free thread's turn, the allocation, one retry. */
    @Override
    public List<PageRange> allocate(long len, long flags) {
        if (kthread == Kthread.ALLOC) {
            freeList.drain(Long.MAX_VALUE, this::destroy);
        }
        try {
            return allocateChunks(len, flags);
        } catch (ErrnoException e) {
            long drained = freeList.drain(Long.MAX_VALUE, this::destroy);
            LOG.debug("{}: allocation of {} bytes failed, drained {} deferred pages, retrying", name, len, drained);
            return allocateChunks(len, flags);
        }
    }

    @Override
    public void free(List<PageRange> pages, long flags) {
        freeList.add(new DeferredFreeList.Buffer(pages, flags));
    }

    @Override
    public void shutdown() {
        long deferred = freeList.drain(Long.MAX_VALUE, this::destroyToBuddy);
        long pooled = shrinkPools(Long.MAX_VALUE);
        LOG.info("{}: shut down, {} deferred and {} pooled pages back to the buddy allocator", name, deferred, pooled);
    }

    @Override
    public HeapStats stats() {
        return new HeapStats(shrinkPools(0), freeList.pages());
    }

    /** {@code ion_heap_shrink_count}: deferred pages plus pooled pages. */
    @Override
    public long shrinkCount() {
        return freeList.pages() + shrinkPools(0);
    }

    /** {@code ion_heap_shrink_scan}: the deferred-free list unzeroed to the buddy first, then the pools. */
    @Override
    public long shrinkScan(long nrPages) {
        long freed = freeList.drain(nrPages, this::destroyToBuddy);
        if (freed >= nrPages) {
            return freed;
        }
        return freed + shrinkPools(nrPages - freed);
    }

    /** The pool for chunks of {@code order} of cached or uncached buffers. */
    PagePool pool(int order, boolean cached) {
        return (cached ? cachedPools : uncachedPools)[index(order)];
    }

    /** {@code ion_system_heap_allocate}. */
    private List<PageRange> allocateChunks(long len, long flags) {
        if (len / MemoryMap.PAGE_SIZE > memory.totalRamPages() / 2) {
            throw new ErrnoException(Errno.ENOMEM, name + ": " + len + " bytes is more than half of RAM");
        }
        boolean cached = isCached(flags);
        List<PageRange> chunks = new ArrayList<>();
        long remaining = len;
        int maxOrder = ORDERS[0];
        while (remaining > 0) {
            PageRange chunk = allocLargestAvailable(remaining, maxOrder, cached);
            if (chunk == null) {
                chunks.forEach(c -> pool(c.order(), cached).free(c));
                throw new ErrnoException(Errno.ENOMEM, name + ": no chunk for the last " + remaining + " of "
                        + len + " bytes");
            }
            chunks.add(chunk);
            remaining -= chunk.bytes();
            maxOrder = chunk.order();
        }
        return chunks;
    }

    /** {@code alloc_largest_available}. */
    private PageRange allocLargestAvailable(long size, int maxOrder, boolean cached) {
        for (int order : ORDERS) {
            if (size < ((long) MemoryMap.PAGE_SIZE << order) || maxOrder < order) {
                continue;
            }
            PageRange chunk = pool(order, cached).alloc();
            if (chunk != null) {
                return chunk;
            }
        }
        return null;
    }

    /** {@code ion_system_heap_free} from the deferred-free thread: zero, then back to the pools. */
    private void destroy(DeferredFreeList.Buffer buffer) {
        boolean cached = isCached(buffer.flags());
        bufferZero(buffer.pages(), cached);
        for (PageRange chunk : buffer.pages()) {
            pool(chunk.order(), cached).free(chunk);
        }
    }

    /** {@code ion_system_heap_free} with ION_PRIV_FLAG_SHRINKER_FREE: no zeroing, no pool. */
    private void destroyToBuddy(DeferredFreeList.Buffer buffer) {
        buffer.pages().forEach(memory::freePages);
    }

    /** {@code ion_heap_buffer_zero}: PAGE_KERNEL for cached buffers, write-combine otherwise. */
    private void bufferZero(List<PageRange> pages, boolean cached) {
        if (cached) {
            pages.forEach(cpu::clearPages);
            return;
        }
        CpuMapping wc = cpu.map(pages, MemAttr.WRITE_COMBINE);
        try {
            wc.fill(0, wc.size(), (byte) 0);
            cpu.barrier();
        } finally {
            wc.unmap();
        }
    }

    /** {@code ion_system_heap_shrink}: 0 counts; otherwise frees per order, high first, uncached first. */
    private long shrinkPools(long nrToScan) {
        long total = 0;
        for (int i = 0; i < ORDERS.length; i++) {
            for (PagePool pool : new PagePool[] {uncachedPools[i], cachedPools[i]}) {
                long freed = pool.shrink(nrToScan == 0 ? 0 : nrToScan - total);
                total += freed;
                if (nrToScan != 0 && total >= nrToScan) {
                    return total;
                }
            }
        }
        return total;
    }

    private static boolean isCached(long flags) {
        return (flags & PageExportInfo.FLAG_CACHED) != 0;
    }

    /** {@code order_to_index}. */
    private static int index(int order) {
        for (int i = 0; i < ORDERS.length; i++) {
            if (ORDERS[i] == order) {
                return i;
            }
        }
        throw new KernelBug("kernel BUG at drivers/staging/android/ion/ion_system_heap.c: order_to_index(" + order
                + ")");
    }
}
