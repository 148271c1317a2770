// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A non-coherent device's DRAM-to-DRAM copy bursts may wait and run back to back (the cache's
 * DeferredMoves): DRAM must end as if each burst had read its source and written its destination in
 * turn, also when later bursts read what earlier ones wrote, and when the step fails part way.
 */
class DeferredMovesTest {
    private static final long DRAM = 0x8000_0000L;
    private static final int PAGE = 4096;
    private static final int SPAN = 24 * PAGE; // the device sees DRAM [DRAM, DRAM + SPAN)

    /** An identity view of low DRAM for a device that does not snoop; beyond SPAN nothing answers. */
    private static final class WindowBus implements DeviceBus {
        @Override
        public BusAccess access(long dmaAddress, int length, boolean write) {
            return dmaAddress + length <= SPAN ? BusAccess.ok(DRAM + dmaAddress) : BusAccess.decodeError();
        }

        @Override
        public boolean coherent() {
            return false;
        }
    }

    private static byte[] seeded(SimulationImpl sim, long seed) {
        byte[] b = new byte[SPAN];
        new SplittableRandom(seed).nextBytes(b);
        sim.memory().writeDram(DRAM, b, 0, SPAN);
        return b;
    }

    /** What DRAM holds after the copy: each burst (as the runner splits them) moved in order. */
    private static byte[] reference(byte[] before, long src, long dst, long length) {
        byte[] m = before.clone();
        long done = 0;
        while (done < length) {
            long a = src + done;
            long b = dst + done;
            long toPageEnd = Math.min(PAGE - (a & (PAGE - 1)), PAGE - (b & (PAGE - 1)));
            int n = (int) Math.min(Math.min(length - done, DmaJob.BURST_BYTES), toPageEnd);
            System.arraycopy(m, (int) a, m, (int) b, n);
            done += n;
        }
        return m;
    }

    private static byte[] dram(SimulationImpl sim) {
        byte[] got = new byte[SPAN];
        sim.memory().readDram(DRAM, got, 0, SPAN);
        return got;
    }

    @Property(tries = 60)
    void copiesEndAsBurstByBurstMoves(@ForAll @IntRange(min = 0, max = 12 * PAGE) int src,
            @ForAll @IntRange(min = 0, max = 12 * PAGE) int dst, @ForAll @IntRange(min = 1, max = 12 * PAGE) int length,
            @ForAll boolean events) {
        CacheConfig cache = events ? CacheConfig.defaults() : CacheConfig.quiet();
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withSeed(src ^ dst).withCache(cache))) {
            byte[] before = seeded(sim, length);
            JobRunner runner = new JobRunner(new WindowBus(), sim.cpuCache(), sim.stats());
            JobRunner.Outcome o = runner.run(DmaJob.of("copy", new DmaStep.Copy(src, dst, length)));
            assertEquals(length, o.bytes());
            assertArrayEquals(reference(before, src, dst, length), dram(sim));
        }
    }

    @Test
    @DisplayName("a copy one page up smears the first page: every burst reads what the one before wrote")
    void overlappingForwardCopySmears() {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withSeed(3))) {
            byte[] before = seeded(sim, 7);
            JobRunner runner = new JobRunner(new WindowBus(), sim.cpuCache(), sim.stats());
            assertEquals(10L * PAGE, runner.run(DmaJob.of("smear", new DmaStep.Copy(0, PAGE, 10L * PAGE))).bytes());
            byte[] got = dram(sim);
            for (int page = 1; page <= 10; page++) {
                assertArrayEquals(Arrays.copyOfRange(before, 0, PAGE),
                        Arrays.copyOfRange(got, page * PAGE, (page + 1) * PAGE), "page " + page);
            }
            assertArrayEquals(Arrays.copyOfRange(before, 11 * PAGE, SPAN),
                    Arrays.copyOfRange(got, 11 * PAGE, SPAN));
        }
    }

    @Test
    @DisplayName("a copy that fails part way leaves exactly the bursts before the failure done in DRAM")
    void failedCopyLeavesTheBurstsBeforeTheFailure() {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withSeed(4))) {
            byte[] before = seeded(sim, 8);
            JobRunner runner = new JobRunner(new WindowBus(), sim.cpuCache(), sim.stats());
            long length = 10L * PAGE; // the destination leaves the window after 6 pages
            JobRunner.Outcome o = runner.run(DmaJob.of("cut", new DmaStep.Copy(0, SPAN - 6L * PAGE, length)));
            assertFalse(o.ok());
            assertEquals(MemTxResult.DECODE_ERROR, o.steps().get(0).result());
            assertEquals(6L * PAGE, o.bytes());
            assertArrayEquals(reference(before, 0, SPAN - 6L * PAGE, 6L * PAGE), dram(sim));
            assertEquals(6L * PAGE, sim.counters().deviceBytesWritten());
        }
    }
}
