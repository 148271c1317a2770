// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.dmabufsim.core.internal.cache.CacheFixtures.dram;
import static org.dmabufsim.core.internal.cache.CacheFixtures.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.CostTable;
import org.dmabufsim.sim.Counters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CpuCacheImplTest {

    @Test
    @DisplayName("write-back: a CPU store stays in the cache until clean; clean keeps the line present and clean")
    void writeBackUntilClean() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuCache cache = sim.cache();
        sim.cpu().linearMap().write(P, filled(LINE, 0x11));
        assertArrayEquals(new byte[LINE], dram(sim, P, LINE));
        assertTrue(cache.isDirty(P));
        Counters before = sim.counters();
        cache.clean(P, LINE);
        Counters d = sim.counters().minus(before);
        assertArrayEquals(filled(LINE, 0x11), dram(sim, P, LINE));
        assertTrue(cache.isPresent(P));
        assertFalse(cache.isDirty(P));
        assertEquals(1, d.linesWalked());
        assertEquals(1, d.linesWrittenBack());
        assertEquals(0, d.linesInvalidated());
    }

    @Test
    @DisplayName("by-VA maintenance walks the whole range even when nothing is present, and charges per line")
    void walkedCountsWholeRange() {
        SimulationImpl sim = CacheFixtures.quiet();
        Counters before = sim.counters();
        double ns = sim.stats().cpuNs();
        sim.cache().clean(P, 1 << 20);
        sim.cache().invalidate(P + 1, 100);
        Counters d = sim.counters().minus(before);
        assertEquals(16384 + 2, d.linesWalked());
        assertEquals(0, d.linesWrittenBack());
        assertEquals(0, d.linesInvalidated());
        assertEquals(16386 * CostTable.defaults().lineWalkNs(), sim.stats().cpuNs() - ns, 1e-6);
    }

    @Test
    @DisplayName("invalidate (dc ivac) drops a dirty line without writing it back")
    void invalidateDiscards() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.memory().writeDram(P, filled(LINE, 0x05), 0, LINE);
        CpuMapping lm = sim.cpu().linearMap();
        lm.write(P, filled(LINE, 0x22));
        Counters before = sim.counters();
        sim.cache().invalidate(P, LINE);
        Counters d = sim.counters().minus(before);
        assertFalse(sim.cache().isPresent(P));
        assertEquals(0, sim.cache().presentLines());
        assertEquals(0, sim.cache().dirtyLines());
        assertEquals(1, d.linesInvalidated());
        assertEquals(0, d.linesWrittenBack());
        assertArrayEquals(filled(LINE, 0x05), lm.read(P, LINE), "the CPU's store is lost");
    }

    @Test
    @DisplayName("clean+invalidate (dc civac) writes back then drops")
    void cleanInvalidate() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.cpu().linearMap().write(P, filled(2 * LINE, 0x33));
        Counters before = sim.counters();
        double ns = sim.stats().cpuNs();
        sim.cache().cleanInvalidate(P, 4 * LINE);
        Counters d = sim.counters().minus(before);
        assertEquals(4, d.linesWalked());
        assertEquals(2, d.linesWrittenBack());
        assertEquals(2, d.linesInvalidated());
        assertEquals(0, sim.cache().presentLines());
        assertArrayEquals(filled(2 * LINE, 0x33), dram(sim, P, 2 * LINE));
        CostTable c = CostTable.defaults();
        assertEquals(4 * c.lineWalkNs() + 2 * c.lineWritebackNs() + 2 * c.lineInvalidateNs(), sim.stats().cpuNs() - ns,
                1e-9);
    }

    /**
     * arch/arm64/mm/cache.S, {@code dcache_inval_poc} (formerly {@code __dma_inv_area}): "tst x1, x3 //
     * end cache line aligned?" then {@code dc civac, x1}; "tst x0, x3 // start cache line aligned?"
     * then {@code dc civac, x0}; the lines in between get {@code dc ivac}.
     */
    @Test
    @DisplayName("rule 95 / cache.S dcache_inval_poc: unaligned invalidate cleans+invalidates the partial edge lines")
    void rule95_unalignedInvalidateEdgesAreCivac() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.cpu().linearMap().write(P, filled(4 * LINE, 0x22));
        Counters before = sim.counters();
        sim.cache().invalidate(P + 8, 4 * LINE - 16);
        Counters d = sim.counters().minus(before);
        assertEquals(4, d.linesWalked());
        assertEquals(2, d.linesWrittenBack(), "first and last line: dc civac");
        assertEquals(4, d.linesInvalidated());
        byte[] expected = new byte[4 * LINE];
        java.util.Arrays.fill(expected, 0, LINE, (byte) 0x22);
        java.util.Arrays.fill(expected, 3 * LINE, 4 * LINE, (byte) 0x22);
        assertArrayEquals(expected, dram(sim, P, 4 * LINE), "middle lines discarded (dc ivac)");
        assertEquals(0, sim.cache().presentLines());
    }

    @Test
    @DisplayName("rule 95: an aligned end is dc ivac even when the start is unaligned")
    void rule95_alignedEndIsIvac() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.cpu().linearMap().write(P, filled(2 * LINE, 0x44));
        Counters before = sim.counters();
        sim.cache().invalidate(P + 1, 2 * LINE - 1);
        Counters d = sim.counters().minus(before);
        assertEquals(1, d.linesWrittenBack());
        assertArrayEquals(filled(LINE, 0x44), dram(sim, P, LINE));
        assertArrayEquals(new byte[LINE], dram(sim, P + LINE, LINE));
    }

    @Test
    @DisplayName("eviction (capacity miss) writes a dirty victim back: linesEvicted and evictionWritebacks")
    void evictionWritesBack() {
        SimulationImpl sim = CacheFixtures.sim(0, new org.dmabufsim.mem.CacheConfig(16 * LINE, 16, 0, 0, 0, false));
        CpuMapping lm = sim.cpu().linearMap();
        for (int i = 0; i < 17; i++) {
            lm.write(P + (long) i * LINE, filled(LINE, i + 1));
        }
        Counters c = sim.counters();
        assertEquals(1, c.linesEvicted());
        assertEquals(1, c.evictionWritebacks());
        assertEquals(16, sim.cache().presentLines());
        int victim = -1;
        for (int i = 0; i < 17; i++) {
            if (!sim.cache().isPresent(P + (long) i * LINE)) {
                victim = i;
            }
        }
        assertTrue(victim >= 0 && victim < 16);
        assertArrayEquals(filled(LINE, victim + 1), dram(sim, P + (long) victim * LINE, LINE));
    }

    @Test
    @DisplayName("evict(phys) writes back a dirty line; prefetch fills an absent line from DRAM")
    void explicitEvictAndPrefetch() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.cpu().linearMap().write(P, filled(LINE, 0x5A));
        sim.cache().evict(P);
        assertFalse(sim.cache().isPresent(P));
        assertArrayEquals(filled(LINE, 0x5A), dram(sim, P, LINE));
        sim.cache().prefetch(P + 10);
        assertTrue(sim.cache().isPresent(P));
        assertFalse(sim.cache().isDirty(P));
        Counters c = sim.counters();
        assertEquals(1, c.linesEvicted());
        assertEquals(1, c.evictionWritebacks());
        assertEquals(1, c.linesPrefetched());
    }

    @Test
    @DisplayName("read miss fills the whole line; write of a whole line allocates without a fill")
    void fillsAndWriteAllocate() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.memory().writeDram(P, filled(LINE, 0x0F), 0, LINE);
        CpuMapping lm = sim.cpu().linearMap();
        assertEquals(0x0F, lm.readByte(P + 5));
        sim.memory().writeDram(P, filled(LINE, 0x01), 0, LINE);
        assertArrayEquals(filled(LINE, 0x0F), lm.read(P, LINE), "the whole line was filled on the first miss");
        lm.write(P + LINE + 3, new byte[] {9});
        assertTrue(sim.cache().isDirty(P + LINE));
        CostTable c = CostTable.defaults();
        double before = sim.stats().cpuNs();
        lm.write(P + 2 * LINE, filled(LINE, 7));
        assertEquals(LINE * c.cpuCopyNsPerByte(), sim.stats().cpuNs() - before, 1e-9, "no fill charged");
        before = sim.stats().cpuNs();
        lm.read(P + 3 * LINE, 1);
        assertEquals(c.cpuCopyNsPerByte() + c.lineFillNs(), sim.stats().cpuNs() - before, 1e-9, "one fill charged");
    }

    @Test
    @DisplayName("concurrent CPU writers on disjoint lines: counters and contents stay exact")
    void concurrentWriters() throws InterruptedException {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping lm = sim.cpu().linearMap();
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            long base = P + t * 65536L;
            byte value = (byte) (t + 1);
            ts[t] = new Thread(() -> lm.write(base, filled(65536, value)));
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(4096, sim.cache().dirtyLines());
        assertEquals(4096, sim.cache().presentLines());
        sim.cache().cleanInvalidate(P, 4 * 65536);
        assertEquals(0, sim.cache().presentLines());
        assertEquals(0, sim.cache().dirtyLines());
        assertEquals(4096, sim.counters().linesWrittenBack());
        for (int t = 0; t < 4; t++) {
            assertArrayEquals(filled(65536, t + 1), dram(sim, P + t * 65536L, 65536));
        }
    }
}
