// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IovaAllocatorTest {
    private static final long MASK_32 = 0xffff_ffffL;
    private static final long PAGE = 4096;

    private final Fixture fx = new Fixture();
    private final IovaAllocator iovad = new IovaAllocator(fx.log);

    @Test
    @DisplayName("rule 94: allocation is top-down from the limit")
    void rule94_topDownFromLimit() {
        assertEquals(0xffff_f000L, iovad.allocIova(PAGE, MASK_32));
        assertEquals(0xffff_e000L, iovad.allocIova(PAGE, MASK_32));
        assertEquals(List.of(new IovaRange(0xffff_e000L, 0xffff_f000L, false),
                new IovaRange(0xffff_f000L, 0x1_0000_0000L, false)), iovad.ranges());
    }

    @Test
    @DisplayName("rule 94: sizes below 32 granules are rounded to a power of two and size-aligned")
    void rule94_smallSizesRoundedAndAligned() {
        iovad.allocIova(PAGE, MASK_32);
        iovad.allocIova(PAGE, MASK_32);
        long iova = iovad.allocIova(3 * PAGE, MASK_32);
        // 3 pages become 4, aligned to 16 KiB: below 0xffffe000 the first such slot is 0xffff8000.
        assertEquals(0xffff_8000L, iova);
        assertEquals(new IovaRange(0xffff_8000L, 0xffff_c000L, false), iovad.ranges().get(0));
    }

    @Test
    @DisplayName("rule 94: larger sizes keep their length but align to the next power of two")
    void rule94_largeSizesAlignedToNextPowerOfTwo() {
        long iova = iovad.allocIova(33 * PAGE, MASK_32);
        assertEquals(0, iova % (64 * PAGE));
        assertEquals(0xfffc_0000L, iova); // pfn 0x100000 - 33 = 0xfffdf, rounded down to 64 pfns
        assertEquals(33 * PAGE, iovad.ranges().get(0).size());
    }

    @Test
    @DisplayName("rule 94: the walk continues below the cached node, leaving holes above it, as iova.c does")
    void rule94_walkStartsAtCachedNode() {
        iovad.allocIova(PAGE, MASK_32); // 0xfffff000
        iovad.allocIova(PAGE, MASK_32); // 0xffffe000
        iovad.allocIova(4 * PAGE, MASK_32); // 0xffff8000, leaves 0xffffc000-0xffffdfff free
        assertEquals(0xffff_7000L, iovad.allocIova(PAGE, MASK_32));
    }

    @Test
    @DisplayName("rule 94: a freed size class comes back from the range cache, most recent first")
    void rule94_rcacheReuse() {
        long a = iovad.allocIova(2 * PAGE, MASK_32);
        long b = iovad.allocIova(2 * PAGE, MASK_32);
        iovad.freeIova(a, 2 * PAGE);
        iovad.freeIova(b, 2 * PAGE);
        assertEquals(2, iovad.cachedRanges());
        assertEquals(Map.of(a, a + 2 * PAGE, b, b + 2 * PAGE), iovad.rbtreeRanges()); // still in the rbtree
        assertEquals(List.of(), iovad.ranges()); // but not allocated
        assertEquals(b, iovad.allocIova(2 * PAGE, MASK_32));
        assertEquals(a, iovad.allocIova(2 * PAGE, MASK_32));
        assertEquals(0, iovad.cachedRanges());
    }

    @Test
    @DisplayName("rule 94: the unrounded size frees into the right cache class")
    void rule94_unroundedFreeMatchesOrder() {
        long a = iovad.allocIova(3 * PAGE, MASK_32);
        iovad.freeIova(a, 3 * PAGE);
        assertEquals(1, iovad.cachedRanges());
        assertEquals(a, iovad.allocIova(4 * PAGE, MASK_32));
    }

    @Test
    @DisplayName("rule 94: a cached range above a lower limit is not handed out")
    void rule94_rcacheRespectsLimit() {
        long high = iovad.allocIova(PAGE, MASK_32);
        iovad.freeIova(high, PAGE);
        long low = iovad.allocIova(PAGE, 0xfff_ffffL);
        assertEquals(0x0fff_f000L, low);
        assertEquals(1, iovad.cachedRanges());
    }

    @Test
    @DisplayName("rule 94: sizes of 64 granules are not cached: freed straight to the rbtree")
    void rule94_largeRangesNotCached() {
        long a = iovad.allocIova(64 * PAGE, MASK_32);
        iovad.freeIova(a, 64 * PAGE);
        assertEquals(0, iovad.cachedRanges());
        assertEquals(Map.of(), iovad.rbtreeRanges());
        assertEquals(a, iovad.allocIova(64 * PAGE, MASK_32));
    }

    @Test
    @DisplayName("rule 94: exhaustion returns 0, never IOVA 0")
    void rule94_exhaustionReturnsZero() {
        long limit = 8 * PAGE - 1; // pfns 0..7, start_pfn 1
        assertEquals(4 * PAGE, iovad.allocIova(4 * PAGE, limit));
        assertEquals(2 * PAGE, iovad.allocIova(2 * PAGE, limit));
        assertEquals(PAGE, iovad.allocIova(PAGE, limit));
        assertEquals(0, iovad.allocIova(PAGE, limit));
        assertEquals(0, iovad.allocIova(2 * PAGE, limit));
    }

    @Test
    @DisplayName("rule 94: on failure the range caches are flushed and the walk retried once")
    void rule94_failureFlushesRcacheAndRetries() {
        long limit = 8 * PAGE - 1;
        iovad.allocIova(4 * PAGE, limit);
        long b = iovad.allocIova(2 * PAGE, limit);
        iovad.allocIova(PAGE, limit);
        iovad.freeIova(b, 2 * PAGE); // cached: pfns 2-3 stay in the rbtree
        assertEquals(3 * PAGE, iovad.allocIova(PAGE, limit));
        assertEquals(0, iovad.cachedRanges());
    }

    @Test
    @DisplayName("rule 94: a freed range is reusable")
    void rule94_freedRangeReusable() {
        long limit = 4 * PAGE - 1; // pfns 1..3 usable
        long a = iovad.allocIova(2 * PAGE, limit);
        assertEquals(2 * PAGE, a);
        assertEquals(0, iovad.allocIova(2 * PAGE, limit));
        iovad.freeIova(a, 2 * PAGE);
        assertEquals(a, iovad.allocIova(2 * PAGE, limit));
    }

    @Test
    @DisplayName("freeing an IOVA that is not allocated WARNs and changes nothing")
    void freeUnallocatedWarns() {
        long a = iovad.allocIova(PAGE, MASK_32);
        iovad.freeIova(0x1234_0000L, PAGE);
        iovad.freeIova(a, PAGE);
        iovad.freeIova(a, PAGE); // double free: it sits in the range cache
        assertEquals(2, fx.log.count(KernelLog.Level.WARN));
        assertEquals("iova: free of unallocated IOVA 0x12340000 size 0x1000", fx.log.records().get(0).message());
        assertEquals(1, iovad.cachedRanges());
    }

    @Test
    @DisplayName("freeing with a size of another order WARNs and returns the range to the rbtree")
    void freeWrongOrderGoesToTree() {
        long a = iovad.allocIova(4 * PAGE, MASK_32);
        iovad.freeIova(a, PAGE);
        assertEquals(0, iovad.cachedRanges());
        assertEquals(Map.of(), iovad.rbtreeRanges());
        assertEquals(1, fx.log.grep("allocated 0x4000").size());
    }

    @Test
    @DisplayName("rule 94: limits above 4 GiB use the 64-bit cached node and never reach 0")
    void rule94_sixtyFourBitLimit() {
        long limit = (1L << 48) - 1;
        assertEquals((1L << 48) - PAGE, iovad.allocIova(PAGE, limit));
        assertEquals(0xffff_f000L, iovad.allocIova(PAGE, MASK_32));
        assertEquals((1L << 48) - 2 * PAGE, iovad.allocIova(PAGE, limit));
    }
}
