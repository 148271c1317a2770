// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.IovaRange;

/**
 * One {@code struct iova_domain} ({@code drivers/iommu/iova.c}) with a 4 KiB granule and
 * {@code start_pfn} 1, so IOVA 0 is never handed out (rule 94).
 *
 * <p>{@link #allocIova} is {@code alloc_iova_fast} as {@code iommu_dma_alloc_iova} calls it: sizes
 * below 32 granules are rounded up to a power of two, the range cache is tried first, then
 * {@code alloc_iova(size_aligned)} walks the rbtree top-down from the limit starting at the cached
 * node ({@code __alloc_and_insert_iova_range}); if that fails the range caches are flushed and the
 * walk retried once; a second failure returns 0.
 *
 * @ThreadSafe every field is guarded by {@code iovaRbtreeLock} ({@code iovad->iova_rbtree_lock}); the
 *     kernel's per-CPU rcache locks are folded into it (one CPU's worth of cache is modelled).
 */
public final class IovaAllocator {
    /** {@code iova_shift()} for the 4 KiB granule. */
    public static final int IOVA_SHIFT = 12;
    /** The granule: the smallest IOMMU page. */
    public static final long GRANULE = 1L << IOVA_SHIFT;
    /** {@code 1 << (IOVA_RANGE_CACHE_MAX_SIZE - 1)}: sizes below this many granules are rounded up. */
    public static final long RCACHE_ROUND_LIMIT = 1L << (IovaRcache.IOVA_RANGE_CACHE_MAX_SIZE - 1);
    /** {@code IOVA_ANCHOR}: the node that sits above the top of the usable space. */
    private static final long IOVA_ANCHOR = Long.MAX_VALUE;

    private final Object iovaRbtreeLock = new Object(); // iovad->iova_rbtree_lock: guards all fields below
    private final TreeMap<Long, Iova> rbroot = new TreeMap<>(); // by pfn_lo, anchor included
    private final IovaRcache rcache = new IovaRcache();
    private final long startPfn;
    private final long dma32bitPfn;
    private final KernelLogImpl log;
    private long cachedNode; // pfn_lo of iovad->cached_node
    private long cached32Node; // pfn_lo of iovad->cached32_node
    private long max32AllocSize;

    /** One allocated range, {@code struct iova}. */
    private record Iova(long pfnLo, long pfnHi) {
        long pages() {
            return pfnHi - pfnLo + 1;
        }
    }

    /** {@code init_iova_domain(iovad, SZ_4K, 1)}. */
    public IovaAllocator(KernelLogImpl log) {
        this.log = log;
        this.startPfn = 1;
        this.dma32bitPfn = 1L << (32 - IOVA_SHIFT);
        this.max32AllocSize = dma32bitPfn;
        rbroot.put(IOVA_ANCHOR, new Iova(IOVA_ANCHOR, IOVA_ANCHOR));
        this.cachedNode = IOVA_ANCHOR;
        this.cached32Node = IOVA_ANCHOR;
    }

    /** Granules the allocator reserves for {@code size} bytes: rounded up, then to a power of two below 32. */
    public static long iovaLen(long size) {
        long pages = (size + GRANULE - 1) >>> IOVA_SHIFT;
        if (pages < RCACHE_ROUND_LIMIT) {
            pages = Long.highestOneBit(pages) == pages ? pages : Long.highestOneBit(pages) << 1;
        }
        return pages;
    }

    /**
     * {@code alloc_iova_fast(iovad, iova_len, limit >> shift, true)}.
     *
     * @param size bytes, {@code > 0}; rounded up to the granule and (below 32 granules) to a power of two
     * @param limit highest address the range may contain (a DMA mask)
     * @return the IOVA, aligned to the power of two {@code >=} the rounded size, or 0 if no space
     */
    public long allocIova(long size, long limit) {
        if (size <= 0) {
            throw new IllegalArgumentException("iova size " + size);
        }
        long pages = iovaLen(size);
        long limitPfn = limit >>> IOVA_SHIFT;
        synchronized (iovaRbtreeLock) {
            long pfn = rcache.get(pages, limitPfn + 1);
            if (pfn != 0) {
                return pfn << IOVA_SHIFT;
            }
            pfn = allocAndInsertIovaRange(pages, limitPfn + 1);
            if (pfn < 0) {
                // Try replenishing IOVAs by flushing rcache.
                rcache.flush(this::privateFreeIova);
                pfn = allocAndInsertIovaRange(pages, limitPfn + 1);
            }
            return pfn < 0 ? 0 : pfn << IOVA_SHIFT;
        }
    }

    /**
     * {@code free_iova_fast}: the range goes to the range cache when its size class is cached,
     * otherwise back to the rbtree. {@code size} may be the caller's unrounded size (its order
     * matches, as {@code iommu_dma_alloc_iova} relies on). Freeing a range that is not allocated is
     * WARNed and changes nothing; a cacheable size of another order than the range is WARNed and the
     * range goes back to the rbtree instead of the cache.
     */
    public void freeIova(long iova, long size) {
        long pfn = iova >>> IOVA_SHIFT;
        long pages = (size + GRANULE - 1) >>> IOVA_SHIFT;
        synchronized (iovaRbtreeLock) {
            Iova node = rbroot.get(pfn);
            if (node == null || pfn == IOVA_ANCHOR || (iova & (GRANULE - 1)) != 0 || rcache.contains(pfn)) {
                log.warn(String.format("iova: free of unallocated IOVA %#x size %#x", iova, size));
                return;
            }
            if (size <= 0) {
                log.warn(String.format("iova: free of IOVA %#x with size %#x", iova, size));
                return;
            }
            int order = IovaRcache.orderBase2(pages);
            if (order >= IovaRcache.IOVA_RANGE_CACHE_MAX_SIZE) {
                privateFreeIova(pfn); // free_iova: the node found by pfn, whatever its size
            } else if (node.pages() != 1L << order) {
                // Caching it under the wrong order would hand out a wrongly sized range later.
                log.warn(String.format("iova: free of IOVA %#x with size %#x, allocated %#x", iova, size,
                        node.pages() << IOVA_SHIFT));
                privateFreeIova(pfn);
            } else {
                rcache.insert(pfn, pages, this::privateFreeIova);
            }
        }
    }

    /** Empties the range caches into the rbtree ({@code free_cpu_cached_iovas}). */
    public void flushRcache() {
        synchronized (iovaRbtreeLock) {
            rcache.flush(this::privateFreeIova);
        }
    }

    /** Allocated ranges by start, not counting ranges that sit free in the range cache. */
    public List<IovaRange> ranges() {
        synchronized (iovaRbtreeLock) {
            List<IovaRange> out = new ArrayList<>(rbroot.size());
            for (Iova node : rbroot.values()) {
                if (node.pfnLo() != IOVA_ANCHOR && !rcache.contains(node.pfnLo())) {
                    out.add(new IovaRange(node.pfnLo() << IOVA_SHIFT, (node.pfnHi() + 1) << IOVA_SHIFT, false));
                }
            }
            return out;
        }
    }

    /** Ranges held by the range cache (still in the rbtree, free for reuse). */
    public int cachedRanges() {
        synchronized (iovaRbtreeLock) {
            return rcache.size();
        }
    }

    /** {@code __alloc_and_insert_iova_range(size_aligned = true)}: the new pfn_lo, or -1 (-ENOMEM). */
    private long allocAndInsertIovaRange(long size, long limitPfn) {
        long alignMask = -1L << (64 - Long.numberOfLeadingZeros(size - 1));
        long highPfn = limitPfn;
        long lowPfn = startPfn;
        if (limitPfn <= dma32bitPfn && size >= max32AllocSize) {
            return -1;
        }
        Long curr = limitPfn <= dma32bitPfn ? cached32Node : cachedNode;
        Iova currIova = rbroot.get(curr);
        long lowPfnNew = currIova.pfnHi() + 1;
        long newPfn;
        Long prev;
        while (true) {
            do {
                highPfn = Math.min(highPfn, currIova.pfnLo());
                newPfn = (highPfn - size) & alignMask;
                prev = curr;
                curr = rbroot.lowerKey(curr);
                currIova = curr == null ? null : rbroot.get(curr);
            } while (curr != null && newPfn <= currIova.pfnHi() && newPfn >= lowPfn);
            if (highPfn >= size && newPfn >= lowPfn) {
                break;
            }
            if (lowPfn == startPfn && lowPfnNew < limitPfn) {
                highPfn = limitPfn;
                lowPfn = lowPfnNew;
                curr = IOVA_ANCHOR;
                currIova = rbroot.get(curr);
                continue;
            }
            max32AllocSize = size;
            return -1;
        }
        insert(new Iova(newPfn, newPfn + size - 1));
        return newPfn;
    }

    /** {@code iova_insert_rbtree} + {@code __cached_rbnode_insert_update}. */
    private void insert(Iova created) {
        rbroot.put(created.pfnLo(), created);
        if (created.pfnHi() < dma32bitPfn) {
            cached32Node = created.pfnLo();
        } else {
            cachedNode = created.pfnLo();
        }
    }

    /** {@code private_free_iova}: erase from the rbtree, keeping the cached nodes valid. */
    private void privateFreeIova(long pfn) {
        Iova free = rbroot.get(pfn);
        if (free == null) {
            log.warn(String.format("iova: rcache holds pfn %#x that is not in the rbtree", pfn));
            return;
        }
        long next = rbroot.higherKey(pfn);
        Iova cached32 = rbroot.get(cached32Node);
        if (free.pfnLo() == cached32.pfnLo()
                || (free.pfnHi() < dma32bitPfn && free.pfnLo() >= cached32.pfnLo())) {
            cached32Node = next;
        }
        if (free.pfnLo() < dma32bitPfn) {
            max32AllocSize = dma32bitPfn;
        }
        Iova cached = rbroot.get(cachedNode);
        if (free.pfnLo() >= cached.pfnLo()) {
            cachedNode = next;
        }
        rbroot.remove(pfn);
    }

    /** Every node of the rbtree except the anchor, cached or not: start to end. */
    Map<Long, Long> rbtreeRanges() {
        synchronized (iovaRbtreeLock) {
            Map<Long, Long> out = new TreeMap<>();
            rbroot.values().stream().filter(n -> n.pfnLo() != IOVA_ANCHOR)
                    .forEach(n -> out.put(n.pfnLo() << IOVA_SHIFT, (n.pfnHi() + 1) << IOVA_SHIFT));
            return out;
        }
    }
}
