// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.mem.MemoryMap;

/**
 * One buddy-allocator zone ({@code struct zone}) over page-frame ranges: orders 0 to
 * {@link MemoryMap#MAX_ORDER}, naturally aligned blocks, LIFO free lists, classic coalescing on free
 * ({@code __free_one_page}). Sparse: the free lists start as maximal aligned blocks of each range, so
 * untouched memory costs one small object per 4 MiB.
 *
 * <p>All state is guarded by {@code lock} ({@code zone->lock}); zones never share it.
 */
final class BuddyZone {
    /** A range of page frames {@code [startPfn, endPfn)}. */
    record PfnRange(long startPfn, long endPfn) {
        long pages() {
            return endPfn - startPfn;
        }
    }

    private final String name;
    private final List<PfnRange> ranges;
    private final long totalPages;
    private final Object lock = new Object(); // zone->lock: guards freeArea, allocated, freePages
    private final FreeArea freeArea = new FreeArea();
    private final Map<Long, Integer> allocated = new HashMap<>();
    private long freePages;

    BuddyZone(String name, List<PfnRange> ranges) {
        this.name = name;
        this.ranges = List.copyOf(ranges);
        long total = 0;
        for (PfnRange r : this.ranges) {
            total += r.pages();
            populate(r);
        }
        this.totalPages = total;
        this.freePages = total;
    }

    /** {@code memblock_free_all}: each range as the largest naturally aligned blocks, low to high. */
    private void populate(PfnRange r) {
        long pfn = r.startPfn();
        while (pfn < r.endPfn()) {
            int order = Math.min(MemoryMap.MAX_ORDER, Long.numberOfTrailingZeros(pfn));
            while (pfn + (1L << order) > r.endPfn()) {
                order--;
            }
            freeArea.addTail(pfn, order);
            pfn += 1L << order;
        }
    }

    String name() {
        return name;
    }

    List<PfnRange> ranges() {
        return ranges;
    }

    long totalPages() {
        return totalPages;
    }

    long freePages() {
        synchronized (lock) {
            return freePages;
        }
    }

    boolean contains(long pfn) {
        for (PfnRange r : ranges) {
            if (pfn >= r.startPfn() && pfn < r.endPfn()) {
                return true;
            }
        }
        return false;
    }

    /** {@code __rmqueue_smallest} + {@code expand}: the first pfn of a block, or -1 if none is free. */
    long alloc(int order) {
        synchronized (lock) {
            for (int current = order; current <= MemoryMap.MAX_ORDER; current++) {
                long pfn = freeArea.popHead(current);
                if (pfn >= 0) {
                    expand(pfn, order, current);
                    allocated.put(pfn, order);
                    freePages -= 1L << order;
                    return pfn;
                }
            }
            return -1;
        }
    }

    /** Upper halves go back to the lower-order lists; the caller keeps the low {@code 1 << low} pages. */
    private void expand(long pfn, int low, int high) {
        while (high > low) {
            high--;
            freeArea.addHead(pfn + (1L << high), high);
        }
    }

    /**
     * {@code __free_pages}: returns {@code null} on success, otherwise the "page dumped because"
     * reason of a bad page state, with nothing changed.
     */
    String free(long pfn, int order) {
        synchronized (lock) {
            Integer was = allocated.get(pfn);
            if (was == null) {
                return "nonzero mapcount";
            }
            if (was != order) {
                return "freed as order " + order + " but allocated as order " + was;
            }
            allocated.remove(pfn);
            freePages += 1L << order;
            merge(pfn, order);
            return null;
        }
    }

    /** {@code __free_one_page}: merge with free buddies, then the block heads its list (LIFO). */
    private void merge(long pfn, int order) {
        while (order < MemoryMap.MAX_ORDER) {
            long buddy = pfn ^ (1L << order);
            if (!freeArea.isFree(buddy, order)) {
                break;
            }
            freeArea.remove(buddy);
            pfn = Math.min(pfn, buddy);
            order++;
        }
        freeArea.addHead(pfn, order);
    }

    /** Free blocks of {@code order}, head first (the order they would be handed out). */
    long[] freeList(int order) {
        synchronized (lock) {
            return freeArea.list(order);
        }
    }

    /** Free blocks per order, {@code /proc/buddyinfo} style. */
    long[] buddyInfo() {
        synchronized (lock) {
            long[] out = new long[MemoryMap.MAX_ORDER + 1];
            for (int o = 0; o <= MemoryMap.MAX_ORDER; o++) {
                out[o] = freeArea.count(o);
            }
            return out;
        }
    }
}
