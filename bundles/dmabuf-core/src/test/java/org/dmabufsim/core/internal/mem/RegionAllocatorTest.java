// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RegionAllocatorTest {
    private static final long CMA_PFN = 0xE0000L;
    private static final long ODD_BASE = MemFixtures.LOW + 0x1000; // pfn 0x80001: not aligned to anything

    private static MemoryMapImpl map() {
        return MemFixtures.map(MemoryLayout.defaults()
                .withReserved(ReservedRegion.carveout("odd", ODD_BASE, 64 * 4096, false)));
    }

    @Test
    @DisplayName("rule 65/78: cma_alloc first fit from the base, start aligned to 1 << alignOrder")
    void firstFitAligned() {
        MemoryMapImpl m = map();
        assertEquals(new PageRange(CMA_PFN, 1), m.allocRegion("linux,cma", 1, 0));
        assertEquals(new PageRange(CMA_PFN + 4, 4), m.allocRegion("linux,cma", 4, 2));
        assertEquals(new PageRange(CMA_PFN + 1, 1), m.allocRegion("linux,cma", 1, 0));
        assertEquals(new PageRange(CMA_PFN + 2, 2), m.allocRegion("linux,cma", 2, 1));
        assertEquals(new PageRange(CMA_PFN + 16, 3), m.allocRegion("linux,cma", 3, 4));
    }

    @Test
    @DisplayName("bitmap_find_next_zero_area_off offset: alignment is of the pfn, not of the bitmap index")
    void alignmentOfPfnWithUnalignedBase() {
        MemoryMapImpl m = map();
        assertEquals(new PageRange(0x80001, 1), m.allocRegion("odd", 1, 0));
        PageRange r = m.allocRegion("odd", 2, 3);
        assertEquals(new PageRange(0x80008, 2), r);
        assertEquals(0, r.pfn() % 8);
    }

    @Test
    @DisplayName("rule 65/78: cma_alloc exhaustion is ENOMEM; freeing makes the range available again")
    void exhaustion() {
        MemoryMapImpl m = map();
        PageRange all = m.allocRegion("odd", 64, 0);
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> m.allocRegion("odd", 1, 0)).errno());
        m.freeRegion("odd", all);
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> m.allocRegion("odd", 64, 3)).errno(),
                "64 pages aligned to 8 do not fit in 64 pages starting at pfn 0x80001");
        assertEquals(new PageRange(0x80008, 56), m.allocRegion("odd", 56, 3));
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> m.allocRegion("odd", 65, 0)).errno());
    }

    @Test
    @DisplayName("swiotlb or unknown region is ENODEV; zero pages is EINVAL")
    void errors() {
        MemoryMapImpl m = map();
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> m.allocRegion("swiotlb", 1, 0)).errno());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> m.allocRegion("nope", 1, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> m.allocRegion("odd", 0, 0)).errno());
    }

    @Test
    @DisplayName("freeing a range that is not exactly an allocation is a BUG and changes nothing")
    void badFree() {
        MemoryMapImpl m = map();
        PageRange r = m.allocRegion("linux,cma", 8, 0);
        assertThrows(KernelBug.class, () -> m.freeRegion("linux,cma", new PageRange(r.pfn(), 4)));
        assertThrows(KernelBug.class, () -> m.freeRegion("odd", r));
        assertEquals(8, stats(m, "linux,cma").usedPages());
        m.freeRegion("linux,cma", r);
        assertThrows(KernelBug.class, () -> m.freeRegion("linux,cma", r));
        assertEquals(0, stats(m, "linux,cma").usedPages());
    }

    @Test
    @DisplayName("stats: one per zone and per region; swiotlb usage from the installed supplier")
    void stats() {
        MemoryMapImpl m = map();
        m.allocRegion("linux,cma", 10, 0);
        List<RegionStats> s = m.stats();
        assertEquals(List.of("DMA32", "Normal", "linux,cma", "swiotlb", "odd"), s.stream().map(RegionStats::name).toList());
        assertEquals(new RegionStats("linux,cma", RegionKind.CMA, 65536, 65526, 10, 0), stats(m, "linux,cma"));
        assertEquals(new RegionStats("swiotlb", RegionKind.SWIOTLB, 16384, 16384, 0, 0), stats(m, "swiotlb"));
        m.setSwiotlbUsage(() -> 5);
        assertEquals(5, stats(m, "swiotlb").usedPages());
        m.writeDram(0xE000_0000L, new byte[] {1}, 0, 1);
        assertEquals(MemoryMap.PAGE_SIZE, stats(m, "linux,cma").hostBytes());
        assertEquals(0, stats(m, "DMA32").hostBytes());
    }

    @Test
    @DisplayName("carveouts and swiotlb leave totalRamPages; CMA stays in it")
    void totalRam() {
        MemoryLayout l = new MemoryLayout(List.of(new DramBank(MemFixtures.LOW, 64 * MemFixtures.MIB)), List.of(
                ReservedRegion.cma("c", MemFixtures.LOW, 4 * MemFixtures.MIB),
                ReservedRegion.carveout("v", MemFixtures.LOW + 8 * MemFixtures.MIB, 4 * MemFixtures.MIB, true),
                ReservedRegion.swiotlb(MemFixtures.LOW + 16 * MemFixtures.MIB, 4 * MemFixtures.MIB)));
        MemoryMapImpl m = MemFixtures.map(l);
        assertEquals((64 - 8) * 256, m.totalRamPages());
        assertEquals((64 - 12) * 256, m.zone(org.dmabufsim.mem.Zone.DMA32).totalPages());
    }

    private static RegionStats stats(MemoryMapImpl m, String name) {
        return m.stats().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
