// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CacheDeterminismTest {
    /** Two sets of four ways: even lines go to set 0, odd lines to set 1. */
    private static final CacheConfig TWO_SETS = new CacheConfig(2 * 4 * LINE, 4, 0, 0, 0, false);
    private static final int WRITES = 40;

    /** Writes line {@code 2i + set} for i in 0..WRITES-1. */
    private static void hammer(SimulationImpl sim, int set) {
        CpuMapping lm = sim.cpu().linearMap();
        for (int i = 0; i < WRITES; i++) {
            lm.write(P + (2L * i + set) * LINE, new byte[] {(byte) i});
        }
    }

    /** Which i survived in the set. */
    private static List<Integer> survivors(SimulationImpl sim, int set) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < WRITES; i++) {
            if (sim.cache().isPresent(P + (2L * i + set) * LINE)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    @DisplayName("same seed, same victims; another seed, other victims")
    void sameSeedSameResult() {
        SimulationImpl a = CacheFixtures.sim(42, TWO_SETS);
        SimulationImpl b = CacheFixtures.sim(42, TWO_SETS);
        SimulationImpl c = CacheFixtures.sim(43, TWO_SETS);
        for (SimulationImpl s : List.of(a, b, c)) {
            hammer(s, 0);
            hammer(s, 1);
        }
        assertEquals(survivors(a, 0), survivors(b, 0));
        assertEquals(survivors(a, 1), survivors(b, 1));
        assertEquals(4, survivors(a, 0).size());
        assertNotEquals(List.of(survivors(a, 0), survivors(a, 1)), List.of(survivors(c, 0), survivors(c, 1)));
    }

    @Test
    @DisplayName("each set draws from its own stream: the same access pattern evicts differently per set")
    void perSetStreams() {
        SimulationImpl a = CacheFixtures.sim(42, TWO_SETS);
        hammer(a, 0);
        hammer(a, 1);
        assertNotEquals(survivors(a, 0), survivors(a, 1));
    }

    @Test
    @DisplayName("results do not depend on thread order: sets hammered concurrently match a sequential run")
    void threadOrderDoesNotMatter() throws InterruptedException {
        SimulationImpl sequential = CacheFixtures.sim(7, TWO_SETS);
        hammer(sequential, 1);
        hammer(sequential, 0);
        SimulationImpl concurrent = CacheFixtures.sim(7, TWO_SETS);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int set = 0; set < 2; set++) {
            int s = set;
            threads.add(new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                hammer(concurrent, s);
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(survivors(sequential, 0), survivors(concurrent, 0));
        assertEquals(survivors(sequential, 1), survivors(concurrent, 1));
        assertEquals(sequential.counters().evictionWritebacks(), concurrent.counters().evictionWritebacks());
    }
}
