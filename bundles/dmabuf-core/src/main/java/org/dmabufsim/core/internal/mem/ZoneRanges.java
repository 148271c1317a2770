// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.ReservedRegion;

/**
 * The page-frame ranges each buddy zone manages: the banks minus every reserved region (CMA,
 * carveouts and the swiotlb pool are never in the buddy allocator), split at 4 GiB into DMA32 and
 * Normal.
 */
record ZoneRanges(List<BuddyZone.PfnRange> dma32, List<BuddyZone.PfnRange> normal) {
    /** First pfn above ZONE_DMA32: 4 GiB. */
    static final long DMA32_LIMIT_PFN = (4L << 30) >>> MemoryMap.PAGE_SHIFT;

    static ZoneRanges of(MemoryLayout layout) {
        List<ReservedRegion> reserved = new ArrayList<>(layout.reserved());
        reserved.sort(Comparator.comparingLong(ReservedRegion::base));
        List<DramBank> banks = new ArrayList<>(layout.banks());
        banks.sort(Comparator.comparingLong(DramBank::base));
        List<BuddyZone.PfnRange> low = new ArrayList<>();
        List<BuddyZone.PfnRange> high = new ArrayList<>();
        for (DramBank b : banks) {
            long start = b.base();
            for (ReservedRegion r : reserved) {
                if (r.base() >= b.base() && r.end() <= b.end()) {
                    add(start, r.base(), low, high);
                    start = r.end();
                }
            }
            add(start, b.end(), low, high);
        }
        return new ZoneRanges(List.copyOf(low), List.copyOf(high));
    }

    private static void add(long from, long to, List<BuddyZone.PfnRange> low, List<BuddyZone.PfnRange> high) {
        long s = from >>> MemoryMap.PAGE_SHIFT;
        long e = to >>> MemoryMap.PAGE_SHIFT;
        if (s < Math.min(e, DMA32_LIMIT_PFN)) {
            low.add(new BuddyZone.PfnRange(s, Math.min(e, DMA32_LIMIT_PFN)));
        }
        if (Math.max(s, DMA32_LIMIT_PFN) < e) {
            high.add(new BuddyZone.PfnRange(Math.max(s, DMA32_LIMIT_PFN), e));
        }
    }
}
