// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.ReservedRegion;

/**
 * The page allocator of a CMA area or carveout: one bit per page, first fit from the region base with
 * {@code cma_alloc}'s alignment ({@code bitmap_find_next_zero_area_off} with mask
 * {@code (1 << alignOrder) - 1} and offset {@code base_pfn & mask}, so the first pfn is aligned).
 *
 * <p>State is guarded by {@code lock} ({@code cma->lock}); each region has its own.
 */
final class RegionAllocator {
    private final ReservedRegion region;
    private final long basePfn;
    private final int pages;
    private final Object lock = new Object(); // cma->lock: guards bitmap, allocations, used
    private final BitSet bitmap;
    private final Map<Long, Long> allocations = new HashMap<>(); // first pfn -> pages
    private long used;

    RegionAllocator(ReservedRegion region) {
        this.region = region;
        this.basePfn = region.base() >>> MemoryMap.PAGE_SHIFT;
        long count = region.size() >>> MemoryMap.PAGE_SHIFT;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("region too large for a page bitmap: " + region.name());
        }
        this.pages = (int) count;
        this.bitmap = new BitSet(pages);
    }

    ReservedRegion region() {
        return region;
    }

    long totalPages() {
        return pages;
    }

    long usedPages() {
        synchronized (lock) {
            return used;
        }
    }

    /** The allocated range, or {@code null} if no aligned free range of that size exists. */
    PageRange alloc(long count, int alignOrder) {
        if (count > pages) {
            return null;
        }
        long mask = (1L << alignOrder) - 1;
        long offset = basePfn & mask;
        synchronized (lock) {
            long index = findNextZeroArea(0, (int) count, mask, offset);
            if (index < 0) {
                return null;
            }
            bitmap.set((int) index, (int) (index + count));
            used += count;
            allocations.put(basePfn + index, count);
            return new PageRange(basePfn + index, count);
        }
    }

    /** {@code bitmap_find_next_zero_area_off}; -1 if nothing fits. */
    private long findNextZeroArea(int start, int count, long mask, long offset) {
        while (true) {
            long index = bitmap.nextClearBit(start);
            index = ((index + offset + mask) & ~mask) - offset;
            long end = index + count;
            if (end > pages) {
                return -1;
            }
            int set = bitmap.nextSetBit((int) index);
            if (set < 0 || set >= end) {
                return index;
            }
            start = set + 1;
        }
    }

    /** {@code cma_release}: {@code false} (nothing changed) unless exactly that range is allocated. */
    boolean free(PageRange range) {
        synchronized (lock) {
            Long count = allocations.get(range.pfn());
            if (count == null || count != range.count()) {
                return false;
            }
            allocations.remove(range.pfn());
            int index = (int) (range.pfn() - basePfn);
            bitmap.clear(index, (int) (index + range.count()));
            used -= range.count();
            return true;
        }
    }
}
