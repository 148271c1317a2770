// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.dmabufsim.core.internal.cache.CacheFixtures.dram;
import static org.dmabufsim.core.internal.cache.CacheFixtures.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PrefetcherTest {
    private static final int PAGE = 4096;

    private static List<Long> presentLines(SimulationImpl sim, long phys, long len) {
        List<Long> out = new ArrayList<>();
        for (long p = phys; p < phys + len; p += LINE) {
            if (sim.cache().isPresent(p)) {
                out.add(p);
            }
        }
        return out;
    }

    @Test
    @DisplayName("rule 97: a speculative fill makes stale data visible after DRAM changes behind the cache")
    void rule97_prefetchExposesStaleData() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping lm = sim.cpu().linearMap();
        sim.cache().prefetch(P);
        sim.cpuCache().deviceWrite(P, filled(LINE, 0x44), 0, LINE, false);
        assertArrayEquals(new byte[LINE], lm.read(P, LINE), "stale prefetched line");
        sim.cache().invalidate(P, LINE);
        assertArrayEquals(filled(LINE, 0x44), lm.read(P, LINE));
        assertEquals(1, sim.counters().linesPrefetched());
    }

    @Test
    @DisplayName("rule 97: before a burst, half the degree comes from the burst's lines, half from the hot window")
    void rule97_speculativeFillsFromBurstAndHotWindow() {
        SimulationImpl sim = CacheFixtures.sim(0, CacheConfig.defaults());
        long hotPage = P + (64L << 20);
        sim.cpu().linearMap().read(hotPage, 1);
        assertArrayEquals(new long[] {hotPage / PAGE}, sim.cpuCache().hotPages());
        sim.cpuCache().beforeBurst(P, 1 << 20);
        assertEquals(4, sim.counters().linesPrefetched());
        assertEquals(2, presentLines(sim, P, 1 << 20).size());
        assertEquals(3, presentLines(sim, hotPage, PAGE).size(), "the CPU's own line plus two speculative ones");
    }

    @Test
    @DisplayName("with an empty hot window only the burst's half is prefetched; quiet config prefetches nothing")
    void emptyWindowAndQuiet() {
        SimulationImpl sim = CacheFixtures.sim(0, CacheConfig.defaults());
        sim.cpuCache().beforeBurst(P, 1 << 20);
        assertEquals(2, sim.counters().linesPrefetched());
        SimulationImpl quiet = CacheFixtures.quiet();
        quiet.cpuCache().beforeBurst(P, 1 << 20);
        quiet.cpuCache().afterBurst(P, 1 << 20);
        assertEquals(0, quiet.counters().linesPrefetched());
        assertEquals(0, quiet.counters().linesEvicted());
    }

    @Test
    @DisplayName("after a burst, evictDegree present lines of the burst are evicted, dirty ones written back")
    void pressureEviction() {
        SimulationImpl sim = CacheFixtures.sim(0, CacheConfig.quiet().withEviction(2));
        CpuMapping lm = sim.cpu().linearMap();
        lm.write(P, filled(8 * LINE, 0x21));
        lm.write(P + PAGE, filled(LINE, 0x22));
        sim.cpuCache().afterBurst(P, 8 * LINE);
        assertEquals(2, sim.counters().linesEvicted());
        assertEquals(2, sim.counters().evictionWritebacks());
        assertEquals(6, presentLines(sim, P, 8 * LINE).size());
        assertTrue(sim.cache().isPresent(P + PAGE), "outside the burst");
    }

    @Test
    @DisplayName("adversarial: every line of the burst prefetched before, every dirty line evicted after, stale clean lines kept")
    void adversarial() {
        SimulationImpl sim = CacheFixtures.sim(0, CacheConfig.quiet().withAdversarial(true));
        sim.memory().writeDram(P, filled(PAGE, 0x10), 0, PAGE);
        sim.cpuCache().beforeBurst(P, PAGE);
        assertEquals(64, sim.counters().linesPrefetched());
        sim.cpuCache().deviceWrite(P, filled(PAGE, 0x20), 0, PAGE, false);
        assertArrayEquals(filled(PAGE, 0x10), sim.cpu().linearMap().read(P, PAGE), "a missing invalidate shows");
        sim.cpu().linearMap().write(P, filled(LINE, 0x30));
        sim.cpuCache().afterBurst(P, PAGE);
        assertEquals(63, sim.cache().presentLines(), "the stale clean lines stay");
        assertEquals(1, sim.counters().linesEvicted());
        assertArrayEquals(filled(LINE, 0x30), dram(sim, P, LINE), "a dirty line lands on top of device data");
        assertArrayEquals(filled(PAGE - LINE, 0x10), sim.cpu().linearMap().read(P + LINE, PAGE - LINE),
                "without the invalidate the CPU still reads what was there before the burst");
    }

    @Test
    @DisplayName("the prefetcher never fills lines of no-map memory")
    void neverNoMap() {
        long base = 0x9000_0000L;
        SimulationConfig cfg = SimulationConfig.defaults()
                .withMemory(MemoryLayout.defaults().withReserved(ReservedRegion.carveout("fw", base, 1 << 20, true)))
                .withCache(CacheConfig.quiet().withAdversarial(true));
        SimulationImpl sim = CacheFixtures.sim(cfg);
        sim.cpuCache().beforeBurst(base, 1 << 20);
        sim.cache().prefetch(base + 4096);
        assertEquals(0, sim.counters().linesPrefetched());
        assertEquals(0, sim.cache().presentLines());
    }

    @Test
    @DisplayName("same seed, same speculative choices")
    void deterministic() {
        List<List<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SimulationImpl sim = CacheFixtures.sim(5, CacheConfig.defaults());
            sim.cpuCache().beforeBurst(P, 1 << 20);
            runs.add(presentLines(sim, P, 1 << 20));
        }
        assertEquals(runs.get(0), runs.get(1));
    }
}
