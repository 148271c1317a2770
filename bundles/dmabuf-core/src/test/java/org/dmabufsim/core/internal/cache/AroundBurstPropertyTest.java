// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CacheConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@code aroundBurst} of a device that does not snoop is the same as {@code beforeBurst}, the transfer,
 * {@code afterBurst}: same lines present and dirty, same bytes seen by the CPU, same DRAM, same counters
 * and hot window, whatever the configuration and the CPU traffic in between.
 */
class AroundBurstPropertyTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 80; // pages 32 apart share a lock (2048 sets)
    private static final List<CacheConfig> CONFIGS = List.of(CacheConfig.defaults(),
            CacheConfig.defaults().withEviction(6), CacheConfig.defaults().withPrefetch(9).withEviction(1),
            CacheConfig.defaults().withEviction(0), CacheConfig.defaults().withCapacity(64 * 1024),
            new CacheConfig(16 * 1024, 16, 4, 2, 8, false), CacheConfig.defaults().withAdversarial(true),
            new CacheConfig(64 * 1024, 16, 4, 2, 0, false), new CacheConfig(128 * 1024, 8, 4, 2, 16, false));

    /** A simulation whose DRAM region holds a different byte pattern in every line. */
    private static SimulationImpl sim(int config, int seed) {
        SimulationImpl sim = CacheFixtures.sim(seed, CONFIGS.get(config));
        byte[] region = new byte[PAGES * PAGE];
        for (int i = 0; i < region.length; i++) {
            region[i] = (byte) (i * 7 + (i >>> 6) * 13 + 1);
        }
        sim.memory().writeDram(P, region, 0, region.length);
        return sim;
    }

    /** Operation {@code op}; {@code around} decides how the bursts run. Returns what the CPU read. */
    private static byte[] step(SimulationImpl sim, int op, boolean around) {
        int kind = op % 6;
        long page = (op >>> 3) % PAGES;
        int off = (op >>> 10) % PAGE;
        int len = 1 + (op >>> 4) % (PAGE - off);
        long phys = P + page * PAGE + off;
        CpuCacheImpl cache = sim.cpuCache();
        if (kind == 0) {
            sim.cpu().linearMap().write(phys, CacheFixtures.filled(Math.min(len, 300), op));
        } else if (kind == 1) {
            return sim.cpu().linearMap().read(P + page * PAGE, PAGE);
        } else if (kind == 2) {
            sim.cache().clean(P + page * PAGE, PAGE);
        } else if (kind == 5) {
            copy(sim, phys, P + ((page + 1 + (op >>> 20) % (PAGES - 1)) % PAGES) * PAGE + off, len, around);
        } else {
            byte[] data = CacheFixtures.filled(len, op >>> 2);
            Runnable io = kind == 3 ? () -> cache.deviceWrite(phys, data, 0, len, false)
                    : () -> cache.deviceRead(phys, data, 0, len, false);
            if (around) {
                EventTally tally = cache.newTally();
                cache.aroundBurst(phys, len, false, io, tally);
                cache.count(tally);
            } else {
                cache.beforeBurst(phys, len);
                io.run();
                cache.afterBurst(phys, len);
            }
        }
        return new byte[0];
    }

    /** A non-coherent device's copy burst through a buffer, both sides between their events. */
    private static void copy(SimulationImpl sim, long from, long to, int len, boolean around) {
        CpuCacheImpl cache = sim.cpuCache();
        byte[] burst = new byte[len];
        Runnable read = () -> cache.deviceRead(from, burst, 0, len, false);
        Runnable write = () -> cache.deviceWrite(to, burst, 0, len, false);
        if (around) {
            EventTally tally = cache.newTally();
            cache.aroundCopy(from, to, len, read, write, tally);
            cache.count(tally);
        } else {
            cache.beforeBurst(from, len);
            read.run();
            cache.afterBurst(from, len);
            cache.beforeBurst(to, len);
            write.run();
            cache.afterBurst(to, len);
        }
    }

    @Property(tries = 200)
    void aroundBurstIsBeforeTransferAfter(@ForAll @IntRange(min = 0, max = 8) int config,
            @ForAll @IntRange(min = 0, max = 1000) int seed,
            @ForAll @Size(min = 1, max = 120) List<@IntRange(min = 0, max = Integer.MAX_VALUE) Integer> ops) {
        SimulationImpl plain = sim(config, seed);
        SimulationImpl around = sim(config, seed);
        for (int op : ops) {
            assertArrayEquals(step(plain, op, false), step(around, op, true), "op " + op);
        }
        assertEquals(plain.counters(), around.counters());
        assertEquals(plain.cache().presentLines(), around.cache().presentLines());
        assertEquals(plain.cache().dirtyLines(), around.cache().dirtyLines());
        assertArrayEquals(plain.cpuCache().hotPages(), around.cpuCache().hotPages());
        for (long p = P; p < P + (long) PAGES * PAGE; p += LINE) {
            assertEquals(plain.cache().isPresent(p), around.cache().isPresent(p), "present " + Long.toHexString(p));
            assertEquals(plain.cache().isDirty(p), around.cache().isDirty(p), "dirty " + Long.toHexString(p));
        }
        assertArrayEquals(CacheFixtures.dram(plain, P, PAGES * PAGE), CacheFixtures.dram(around, P, PAGES * PAGE));
        assertArrayEquals(plain.cpu().linearMap().read(P, PAGES * PAGE), around.cpu().linearMap().read(P, PAGES * PAGE),
                "what the CPU sees, stale lines included");
    }

    @Test
    @DisplayName("full sets: a fill that drops unseen still evicts its victim first")
    void fullSetsStillEvictVictims() {
        CacheConfig small = new CacheConfig(64 * 1024, 16, 4, 2, 0, false); // 64 sets of 16 ways, no hot window
        SimulationImpl plain = CacheFixtures.sim(3, small);
        SimulationImpl around = CacheFixtures.sim(3, small);
        for (SimulationImpl sim : List.of(plain, around)) {
            sim.cpu().linearMap().read(P, 16 * PAGE); // every way of every set holds a line of pages 0..15
        }
        assertEquals(1024, plain.cache().presentLines());
        byte[] data = CacheFixtures.filled(PAGE, 9);
        for (int page = 40; page < 48; page++) {
            long phys = P + (long) page * PAGE;
            plain.cpuCache().beforeBurst(phys, PAGE);
            plain.cpuCache().deviceWrite(phys, data, 0, PAGE, false);
            plain.cpuCache().afterBurst(phys, PAGE);
            EventTally tally = around.cpuCache().newTally();
            around.cpuCache().aroundBurst(phys, PAGE, false,
                    () -> around.cpuCache().deviceWrite(phys, data, 0, PAGE, false), tally);
            around.cpuCache().count(tally);
        }
        assertTrue(plain.counters().linesEvicted() > plain.counters().linesPrefetched(), "victims were evicted");
        assertEquals(plain.counters(), around.counters());
        for (long p = P; p < P + 16L * PAGE; p += LINE) {
            assertEquals(plain.cache().isPresent(p), around.cache().isPresent(p), "present " + Long.toHexString(p));
        }
    }
}
