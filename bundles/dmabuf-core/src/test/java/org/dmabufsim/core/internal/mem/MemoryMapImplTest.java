// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MemoryMapImplTest {
    private static final long GIB = MemoryLayout.GIB;
    private static final long MIB = MemoryLayout.MIB;

    @Test
    @DisplayName("64 GiB of simulated RAM stays sparse: a few blocks allocated, written and freed cost a few pages")
    void sixtyFourGibIsSparse() {
        try (Simulation sim = Simulation.create(SimulationConfig.defaults().withMemory(MemoryLayout.ofDram(64 * GIB)))) {
            MemoryMap m = sim.memory();
            assertEquals(64 * GIB / MemoryMap.PAGE_SIZE - 64 * MIB / MemoryMap.PAGE_SIZE, m.totalRamPages());
            List<PageRange> blocks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                blocks.add(m.allocPages(MemoryMap.MAX_ORDER, Zone.NORMAL));
            }
            for (PageRange b : blocks) {
                m.writeDram(b.phys() + 4096 * 3, new byte[] {1, 2, 3}, 0, 3);
            }
            PageRange last = blocks.get(blocks.size() - 1);
            assertTrue(last.phys() < MemoryLayout.HIGH_BANK_BASE + 62 * GIB);
            assertEquals(8L * MemoryMap.PAGE_SIZE, m.hostBytes());
            blocks.forEach(m::freePages);
            long used = m.stats().stream().filter(s -> s.kind() == null).mapToLong(RegionStats::usedPages).sum();
            assertEquals(0, used);
            assertEquals(8L * MemoryMap.PAGE_SIZE, m.hostBytes(), "freeing does not zero: contents stay");
        }
    }

    @Test
    @DisplayName("isDram / isLinearMapped / regionOf follow banks, holes and no-map carveouts")
    void queries() {
        MemoryMapImpl m = MemFixtures.map(MemoryLayout.defaults()
                .withReserved(ReservedRegion.carveout("secure", 0x9000_0000L, 16 * MIB, true)));
        assertTrue(m.isDram(0x8000_0000L));
        assertFalse(m.isDram(0x7FFF_FFFFL));
        assertFalse(m.isDram(0x1_0000_0000L), "hole between the banks");
        assertTrue(m.isLinearMapped(0xE000_0000L), "CMA has a linear alias");
        assertFalse(m.isLinearMapped(0x9000_0000L), "no-map carveout");
        assertTrue(m.isLinearMapped(0x9100_0000L));
        assertFalse(m.isLinearMapped(0x8FFF_F000L, 2 * 4096), "range reaching into no-map");
        assertEquals("swiotlb", m.regionOf(0xFC00_0000L).orElseThrow().name());
        assertTrue(m.regionOf(0x8000_0000L).isEmpty());
        assertEquals(0x9000_0000L, m.region("secure").orElseThrow().base());
    }

    @Test
    @DisplayName("layout validation: overlapping banks are EINVAL")
    void overlappingBanks() {
        assertInvalid(new MemoryLayout(List.of(new DramBank(0x8000_0000L, GIB), new DramBank(0xA000_0000L, GIB)),
                List.of()));
    }

    @Test
    @DisplayName("layout validation: overlapping regions are EINVAL")
    void overlappingRegions() {
        assertInvalid(MemoryLayout.defaults().withReserved(ReservedRegion.carveout("x", 0xE800_0000L, 16 * MIB, false)));
    }

    @Test
    @DisplayName("layout validation: a region outside every bank (or straddling two) is EINVAL")
    void regionOutsideBanks() {
        assertInvalid(MemoryLayout.defaults().withReserved(ReservedRegion.carveout("x", 0x4000_0000L, MIB, false)));
        assertInvalid(MemoryLayout.defaults().withReserved(
                ReservedRegion.carveout("y", MemoryLayout.HIGH_BANK_BASE + 6 * GIB - MIB, 2 * MIB, false)));
    }

    @Test
    @DisplayName("layout validation: more than one swiotlb region is EINVAL")
    void twoSwiotlb() {
        MemoryLayout l = new MemoryLayout(List.of(new DramBank(0x8000_0000L, GIB)), List.of(
                ReservedRegion.swiotlb(0x8000_0000L, MIB),
                new ReservedRegion("swiotlb-2", RegionKind.SWIOTLB, 0x9000_0000L, MIB, false)));
        assertTrue(assertInvalid(l).getMessage().contains("more than one swiotlb"));
    }

    private static ErrnoException assertInvalid(MemoryLayout layout) {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> Simulation.create(SimulationConfig.defaults().withMemory(layout)));
        assertEquals(Errno.EINVAL, e.errno());
        return e;
    }
}
