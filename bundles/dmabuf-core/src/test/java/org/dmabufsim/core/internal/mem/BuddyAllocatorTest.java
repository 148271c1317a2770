// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BuddyAllocatorTest {
    private static final long HIGH_PFN = MemFixtures.HIGH >>> MemoryMap.PAGE_SHIFT;
    private static final long LOW_PFN = MemFixtures.LOW >>> MemoryMap.PAGE_SHIFT;

    @Test
    @DisplayName("arm64-like map: default 8 GiB zones exclude CMA and swiotlb; CMA counts in totalRamPages")
    void defaultZonesAndTotals() {
        MemoryMapImpl m = MemFixtures.map(MemoryLayout.defaults());
        assertEquals((2048L - 256 - 64) * 256, m.zone(Zone.DMA32).totalPages());
        assertEquals(6L * 1024 * 256, m.zone(Zone.NORMAL).totalPages());
        assertEquals(8L * 1024 * 256 - 64 * 256, m.totalRamPages());
    }

    @Test
    @DisplayName("alloc splits the lowest max-order block: low half returned, upper halves on the free lists")
    void allocSplitsAndFreeCoalesces() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        long[] before = m.zone(Zone.NORMAL).buddyInfo();
        PageRange a = m.allocPages(0, Zone.NORMAL);
        assertEquals(HIGH_PFN, a.pfn());
        assertEquals(1, a.count());
        long[] info = m.zone(Zone.NORMAL).buddyInfo();
        for (int o = 0; o < MemoryMap.MAX_ORDER; o++) {
            assertEquals(1, info[o], "one free block of order " + o + " after the split");
        }
        assertEquals(before[MemoryMap.MAX_ORDER] - 1, info[MemoryMap.MAX_ORDER]);
        assertEquals(HIGH_PFN + 512, m.zone(Zone.NORMAL).freeList(9)[0]);
        PageRange b = m.allocPages(0, Zone.NORMAL);
        assertEquals(HIGH_PFN + 1, b.pfn());
        m.freePages(a);
        m.freePages(b);
        assertArrayEquals(before, m.zone(Zone.NORMAL).buddyInfo(), "everything coalesced back to order 10");
        assertEquals(HIGH_PFN, m.zone(Zone.NORMAL).freeList(MemoryMap.MAX_ORDER)[0]);
    }

    @Test
    @DisplayName("blocks are naturally aligned")
    void naturallyAligned() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        m.allocPages(0, Zone.NORMAL);
        PageRange b = m.allocPages(3, Zone.NORMAL);
        assertEquals(HIGH_PFN + 8, b.pfn());
        assertEquals(0, b.pfn() % 8);
        PageRange c = m.allocPages(MemoryMap.MAX_ORDER, Zone.NORMAL);
        assertEquals(0, c.pfn() % 1024);
    }

    @Test
    @DisplayName("free lists are LIFO: the last freed block is handed out first")
    void lifoReuse() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        PageRange a = m.allocPages(0, Zone.NORMAL);
        PageRange b = m.allocPages(0, Zone.NORMAL);
        PageRange c = m.allocPages(0, Zone.NORMAL);
        PageRange d = m.allocPages(0, Zone.NORMAL);
        m.freePages(a);
        m.freePages(c);
        assertEquals(c, m.allocPages(0, Zone.NORMAL));
        assertEquals(a, m.allocPages(0, Zone.NORMAL));
        assertEquals(HIGH_PFN + 3, d.pfn());
        assertEquals(HIGH_PFN + 1, b.pfn());
    }

    @Test
    @DisplayName("NORMAL falls back to DMA32; DMA32 never takes NORMAL memory")
    void zoneFallback() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        PageRange low = m.allocPages(MemoryMap.MAX_ORDER, Zone.DMA32);
        assertEquals(LOW_PFN, low.pfn());
        ErrnoException e = assertThrows(ErrnoException.class, () -> m.allocPages(0, Zone.DMA32));
        assertEquals(Errno.ENOMEM, e.errno());
        m.freePages(low);
        for (int i = 0; i < 16; i++) {
            assertTrue(m.allocPages(MemoryMap.MAX_ORDER, Zone.NORMAL).pfn() >= HIGH_PFN);
        }
        assertEquals(LOW_PFN, m.allocPages(MemoryMap.MAX_ORDER, Zone.NORMAL).pfn(), "fell back to DMA32");
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class,
                () -> m.allocPages(0, Zone.NORMAL)).errno());
    }

    @Test
    @DisplayName("order outside 0..MAX_ORDER is EINVAL")
    void badOrder() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> m.allocPages(11, Zone.NORMAL)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> m.allocPages(-1, Zone.NORMAL)).errno());
    }

    @Test
    @DisplayName("double free is BUG: Bad page state, logged, nothing changed")
    void doubleFree() {
        KernelLogImpl log = MemFixtures.log();
        MemoryMapImpl m = new MemoryMapImpl(MemFixtures.tiny(), log);
        PageRange a = m.allocPages(2, Zone.NORMAL);
        m.allocPages(2, Zone.NORMAL);
        m.freePages(a);
        List<RegionStats> before = m.stats();
        long[] info = m.zone(Zone.NORMAL).buddyInfo();
        KernelBug bug = assertThrows(KernelBug.class, () -> m.freePages(a));
        assertTrue(bug.getMessage().startsWith("BUG: Bad page state in process"), bug.getMessage());
        assertTrue(bug.getMessage().contains(String.format("pfn:%05x", a.pfn())), bug.getMessage());
        assertEquals(1, log.count(KernelLog.Level.BUG));
        assertEquals(before, m.stats());
        assertArrayEquals(info, m.zone(Zone.NORMAL).buddyInfo());
    }

    @Test
    @DisplayName("freeing with the wrong order is BUG: Bad page state and leaves the block allocated")
    void wrongOrder() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        PageRange a = m.allocPages(3, Zone.NORMAL);
        long free = m.zone(Zone.NORMAL).freePages();
        KernelBug bug = assertThrows(KernelBug.class, () -> m.freePages(PageRange.ofOrder(a.pfn(), 2)));
        assertTrue(bug.getMessage().contains("allocated as order 3"), bug.getMessage());
        assertEquals(free, m.zone(Zone.NORMAL).freePages());
        m.freePages(a);
        assertEquals(free + 8, m.zone(Zone.NORMAL).freePages());
    }

    @Test
    @DisplayName("a range that is not a power of two is not a buddy block: BUG")
    void notABuddyBlock() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.tiny());
        PageRange a = m.allocPages(2, Zone.NORMAL);
        assertThrows(KernelBug.class, () -> m.freePages(new PageRange(a.pfn(), 3)));
    }

    @Test
    @DisplayName("ragged ranges around a carveout are carved into aligned blocks, none inside the carveout")
    void raggedRanges() {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.ragged());
        BuddyZone z = m.zone(Zone.DMA32);
        assertEquals((8 * 256) - 256 - 3, z.totalPages());
        long carveStart = (MemFixtures.LOW + 3 * MemFixtures.MIB + 4096) >>> MemoryMap.PAGE_SHIFT;
        long carveEnd = carveStart + 259;
        long pages = 0;
        for (int o = 0; o <= MemoryMap.MAX_ORDER; o++) {
            for (long pfn : z.freeList(o)) {
                assertEquals(0, pfn % (1L << o), "aligned");
                assertTrue(pfn + (1L << o) <= carveStart || pfn >= carveEnd, "outside the carveout");
                pages += 1L << o;
            }
        }
        assertEquals(z.totalPages(), pages);
    }
}
