// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.ErrnoException;

class BuddyAccountingPropertyTest {

    @Property(tries = 200)
    @Label("buddy accounting: free + used == total per zone, no overlap, full coalescing after freeing all")
    void accountingBalances(@ForAll @Size(max = 120) List<@IntRange(min = 0, max = 1000) Integer> ops) {
        MemoryMapImpl m = MemFixtures.map(MemFixtures.ragged());
        long[] dma32Before = m.zone(Zone.DMA32).buddyInfo();
        long[] normalBefore = m.zone(Zone.NORMAL).buddyInfo();
        List<PageRange> live = new ArrayList<>();
        for (int op : ops) {
            if (op % 3 == 0 && !live.isEmpty()) {
                m.freePages(live.remove(op % live.size()));
            } else {
                Zone zone = op % 2 == 0 ? Zone.NORMAL : Zone.DMA32;
                try {
                    live.add(m.allocPages(op % (MemoryMap.MAX_ORDER + 1), zone));
                } catch (ErrnoException e) {
                    // ENOMEM is a legal outcome; accounting must still hold
                }
            }
            checkInvariants(m, live);
        }
        for (PageRange r : live) {
            m.freePages(r);
        }
        assertArrayEquals(dma32Before, m.zone(Zone.DMA32).buddyInfo());
        assertArrayEquals(normalBefore, m.zone(Zone.NORMAL).buddyInfo());
    }

    private static void checkInvariants(MemoryMapImpl m, List<PageRange> live) {
        long used = 0;
        for (RegionStats s : m.stats()) {
            assertEquals(s.totalPages(), s.freePages() + s.usedPages(), s.name());
            if (s.kind() == null) {
                used += s.usedPages();
            }
        }
        assertEquals(live.stream().mapToLong(PageRange::count).sum(), used);
        TreeMap<Long, Long> byPfn = new TreeMap<>();
        for (PageRange r : live) {
            byPfn.put(r.pfn(), r.endPfn());
            assertTrue(m.zone(Zone.DMA32).contains(r.pfn()) || m.zone(Zone.NORMAL).contains(r.pfn()));
        }
        long prevEnd = -1;
        for (var e : byPfn.entrySet()) {
            assertTrue(e.getKey() >= prevEnd, "blocks overlap at pfn " + e.getKey());
            prevEnd = e.getValue();
        }
    }
}
