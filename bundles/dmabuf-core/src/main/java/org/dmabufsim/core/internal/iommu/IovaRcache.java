// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.HashSet;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * The IOVA range caches of {@code drivers/iommu/iova.c} ({@code iova_rcache}), modelled as one CPU's
 * worth: one magazine of {@link #IOVA_MAG_SIZE} pfns per size order {@code 0 ..
 * IOVA_RANGE_CACHE_MAX_SIZE - 1} (1 to 32 granules). Freed ranges stay allocated in the rbtree while
 * they sit here, exactly as in the kernel. Pop searches from the most recently freed pfn down for one
 * that fits the limit and swaps it out ({@code iova_magazine_pop}); a push into a full magazine first
 * returns the whole magazine to the rbtree, as the kernel does with a magazine it cannot keep.
 *
 * <p>Not thread-safe: guarded by the owning {@link IovaAllocator}'s {@code iova_rbtree_lock}.
 */
final class IovaRcache {
    /** {@code IOVA_RANGE_CACHE_MAX_SIZE}: orders 0..5 are cached, i.e. sizes up to 32 granules. */
    static final int IOVA_RANGE_CACHE_MAX_SIZE = 6;
    /** {@code IOVA_MAG_SIZE}. */
    static final int IOVA_MAG_SIZE = 128;

    private final long[][] pfns = new long[IOVA_RANGE_CACHE_MAX_SIZE][IOVA_MAG_SIZE];
    private final int[] sizes = new int[IOVA_RANGE_CACHE_MAX_SIZE];
    private final Set<Long> cached = new HashSet<>(); // membership only, never iterated

    /** {@code order_base_2(n)}: the smallest k with {@code 2^k >= n}. */
    static int orderBase2(long n) {
        return n <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(n - 1);
    }

    /**
     * {@code iova_rcache_get}: a cached pfn for {@code size} granules whose range ends below
     * {@code limitPfn} (exclusive), or 0.
     */
    long get(long size, long limitPfn) {
        int order = orderBase2(size);
        if (order >= IOVA_RANGE_CACHE_MAX_SIZE) {
            return 0;
        }
        return pop(order, limitPfn - size);
    }

    private long pop(int order, long limitPfn) {
        int n = sizes[order];
        if (n == 0) {
            return 0;
        }
        long[] mag = pfns[order];
        int i = n - 1;
        while (mag[i] > limitPfn) {
            if (i == 0) {
                return 0;
            }
            i--;
        }
        long pfn = mag[i];
        mag[i] = mag[--sizes[order]];
        cached.remove(pfn);
        return pfn;
    }

    /**
     * {@code iova_rcache_insert}: caches {@code pfn} under the order of {@code size}. Returns
     * {@code false} if the size is not cacheable (the caller frees to the rbtree). When the magazine
     * is full its pfns are handed to {@code freeToTree} first.
     */
    boolean insert(long pfn, long size, LongConsumer freeToTree) {
        int order = orderBase2(size);
        if (order >= IOVA_RANGE_CACHE_MAX_SIZE) {
            return false;
        }
        if (sizes[order] == IOVA_MAG_SIZE) {
            drain(order, freeToTree);
        }
        pfns[order][sizes[order]++] = pfn;
        cached.add(pfn);
        return true;
    }

    /** {@code free_cpu_cached_iovas} + {@code free_global_cached_iovas}: everything back to the tree. */
    void flush(LongConsumer freeToTree) {
        for (int order = 0; order < IOVA_RANGE_CACHE_MAX_SIZE; order++) {
            drain(order, freeToTree);
        }
    }

    private void drain(int order, LongConsumer freeToTree) {
        long[] mag = pfns[order];
        for (int i = 0; i < sizes[order]; i++) {
            cached.remove(mag[i]);
            freeToTree.accept(mag[i]);
        }
        sizes[order] = 0;
    }

    /** Whether {@code pfn} starts a range sitting in a magazine. */
    boolean contains(long pfn) {
        return cached.contains(pfn);
    }

    /** Ranges currently cached. */
    int size() {
        return cached.size();
    }
}
