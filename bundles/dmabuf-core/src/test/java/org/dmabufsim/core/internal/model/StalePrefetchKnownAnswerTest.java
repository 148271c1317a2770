// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answer 1 (A22, rule 97): while a non-coherent device owns a FROM_DEVICE buffer the CPU may
 * speculatively refill its lines from memory the device has not written yet. The pre-DMA step at map
 * cannot prevent that, so skipping the post-DMA invalidate reads stale data; with it the CPU reads
 * what the device wrote. Default cache, 50 seeds, both eras.
 */
class StalePrefetchKnownAnswerTest {
    private static final int ORDER = 6; // 64 pages: as many as the prefetcher's hot window holds
    private static final int SIZE = 4096 << ORDER;
    private static final int CPU = 0x11;
    private static final int DEVICE = 0xd5;

    /** What the CPU reads after the device filled the buffer and the driver unmapped with {@code unmapAttrs}. */
    private static byte[] run(long seed, Arm64Era era, DmaAttrs unmapAttrs, Counters[] phase) {
        return run(SimulationConfig.defaults().withSeed(seed).withEra(era), unmapAttrs, phase);
    }

    private static byte[] run(SimulationConfig config, DmaAttrs unmapAttrs, Counters[] phase) {
        try (ModelFixture f = new ModelFixture(config)) {
            Simulation sim = f.sim;
            DmaMapping dma = sim.dma();
            DmaDevice cam = f.device(DeviceSpec.of("cam0", "cam").withMaxSegmentSize(SIZE)); // one 256 KiB entry
            PageRange buf = sim.memory().allocPages(ORDER, Zone.NORMAL);
            sim.cpu().clearPages(buf);
            sim.cpu().linearMap().fill(buf.phys(), SIZE, (byte) CPU);
            SgTable prev = dma.sgTableOf(List.of(buf));
            dma.mapSgtable(cam, prev, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // last frame: clean
            dma.unmapSgtable(cam, prev, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // and invalidate

            SgTable sgt = dma.sgTableOf(List.of(buf));
            dma.mapSgtable(cam, sgt, DmaDirection.FROM_DEVICE, DmaAttrs.NONE); // the pre-DMA step
            assertEquals(0, KnownAnswers.presentLines(sim, buf.phys(), SIZE), "no line of the buffer is cached");
            Counters before = sim.counters();
            f.deviceFill(cam, sgt.get(0).dmaAddress(), SIZE, DEVICE);
            phase[0] = sim.counters().minus(before);
            dma.unmapSgtable(cam, sgt, DmaDirection.FROM_DEVICE, unmapAttrs);
            assertEquals(0, sim.dmaDebug().errorCount());
            return sim.cpu().linearMap().read(buf.phys(), SIZE);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("A22 / rule 97: skipping the post-DMA invalidate reads stale prefetched lines")
    void rule97_skippedInvalidateReadsStaleData(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            Counters[] phase = new Counters[1];
            KnownAnswers.Lines lines = KnownAnswers.classify(run(seed, era, DmaAttrs.SKIP_CPU_SYNC, phase), CPU,
                    DEVICE);
            assertTrue(phase[0].linesPrefetched() > 0, era + ": the prefetcher ran during the job");
            assertTrue(lines.onlyA() >= 1, era + ": at least one line is stale: " + lines);
            assertEquals(0, lines.other(), era + ": staleness is whole lines");
            assertEquals(SIZE / KnownAnswers.LINE, lines.onlyA() + lines.onlyB());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("A22 / rule 97: with the invalidate at unmap the CPU reads the device's data")
    void rule97_invalidateAtUnmapReadsDeviceData(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            KnownAnswers.Lines lines = KnownAnswers.classify(run(seed, era, DmaAttrs.NONE, new Counters[1]), CPU,
                    DEVICE);
            assertEquals(new KnownAnswers.Lines(0, SIZE / KnownAnswers.LINE, 0), lines, era.toString());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("A22 / rule 97, adversarial cache: skipping the post-DMA invalidate makes every line stale")
    void rule97_adversarialSkippedInvalidateMakesEveryLineStale(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            SimulationConfig config = SimulationConfig.defaults().withSeed(seed).withEra(era)
                    .withCache(CacheConfig.defaults().withAdversarial(true));
            KnownAnswers.Lines lines = KnownAnswers.classify(run(config, DmaAttrs.SKIP_CPU_SYNC, new Counters[1]),
                    CPU, DEVICE);
            assertEquals(new KnownAnswers.Lines(SIZE / KnownAnswers.LINE, 0, 0), lines, era.toString());
            KnownAnswers.Lines fixed = KnownAnswers.classify(run(config, DmaAttrs.NONE, new Counters[1]), CPU,
                    DEVICE);
            assertEquals(new KnownAnswers.Lines(0, SIZE / KnownAnswers.LINE, 0), fixed, era + ": invalidate fixes it");
        }
    }
}
