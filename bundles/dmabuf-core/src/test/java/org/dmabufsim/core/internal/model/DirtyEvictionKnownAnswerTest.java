// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answer 2 (rules 97, 98): the pre-DMA step exists so that no dirty line is evicted on top of
 * the device's data during the transfer. A driver that maps a buffer the CPU dirtied with
 * DMA_ATTR_SKIP_CPU_SYNC lets pressure evictions during the job write CPU bytes over lines the device
 * already wrote. Default cache, 50 seeds, both eras.
 */
class DirtyEvictionKnownAnswerTest {
    private static final int ORDER = 4; // 16 pages, 16 bursts
    private static final int SIZE = 4096 << ORDER;
    private static final int LINES = SIZE / KnownAnswers.LINE;
    private static final int CPU = 0x22;
    private static final int DEVICE = 0xd5;

    /** DRAM after the device filled the buffer mapped FROM_DEVICE with {@code mapAttrs}. */
    private static byte[] run(ModelFixture f, DmaAttrs mapAttrs, Counters[] job) {
        DmaMapping dma = f.sim.dma();
        DmaDevice cam = f.direct("cam0");
        PageRange buf = f.sim.memory().allocPages(ORDER, Zone.NORMAL);
        f.sim.cpu().clearPages(buf);
        f.sim.cpu().linearMap().fill(buf.phys(), SIZE, (byte) CPU); // the CPU dirtied the buffer
        assertEquals(LINES, countDirty(f, buf));
        SgTable sgt = dma.sgTableOf(List.of(buf));
        dma.mapSgtable(cam, sgt, DmaDirection.FROM_DEVICE, mapAttrs);
        Counters before = f.sim.counters();
        f.deviceFill(cam, sgt.get(0).dmaAddress(), SIZE, DEVICE);
        job[0] = f.sim.counters().minus(before);
        return KnownAnswers.dram(f.sim, buf.phys(), SIZE);
    }

    private static int countDirty(ModelFixture f, PageRange buf) {
        int n = 0;
        for (long p = buf.phys(); p < buf.phys() + SIZE; p += KnownAnswers.LINE) {
            n += f.sim.cache().isDirty(p) ? 1 : 0;
        }
        return n;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rules 97, 98: with SKIP_CPU_SYNC at map, evicted dirty lines overwrite the device's data")
    void rule98_dirtyEvictionOverwritesDeviceData(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            try (ModelFixture f = ModelFixture.of(seed, era)) {
                Counters[] job = new Counters[1];
                KnownAnswers.Lines lines = KnownAnswers.classify(run(f, DmaAttrs.SKIP_CPU_SYNC, job), CPU, DEVICE);
                assertTrue(lines.onlyA() >= 1, era + ": CPU bytes in a line the device wrote: " + lines);
                // every pressure eviction of the job wrote a dirty CPU line back: evictDegree per 4 KiB burst
                long evictions = (long) CacheConfig.defaults().evictDegree() * (SIZE / 4096);
                assertEquals(evictions, job[0].evictionWritebacks(), era.toString());
                assertEquals(new KnownAnswers.Lines((int) evictions, LINES - (int) evictions, 0), lines, era.toString());
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rules 95, 97: with the pre-DMA step (invalidate or clean) the device's data survives the job")
    void rule95_preDmaStepProtectsDeviceData(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            try (ModelFixture f = ModelFixture.of(seed, era)) {
                Counters[] job = new Counters[1];
                KnownAnswers.Lines lines = KnownAnswers.classify(run(f, DmaAttrs.NONE, job), CPU, DEVICE);
                assertEquals(new KnownAnswers.Lines(0, LINES, 0), lines, era.toString());
                assertEquals(0, job[0].evictionWritebacks(), era.toString());
            }
        }
    }

    @Test
    @DisplayName("rule 98, adversarial cache: every dirty line of the buffer ends on top of the device's data")
    void rule98_adversarialEvictsEveryDirtyLine() {
        SimulationConfig config = SimulationConfig.defaults().withCache(CacheConfig.defaults().withAdversarial(true));
        try (ModelFixture f = new ModelFixture(config)) {
            KnownAnswers.Lines lines = KnownAnswers.classify(run(f, DmaAttrs.SKIP_CPU_SYNC, new Counters[1]), CPU,
                    DEVICE);
            assertEquals(new KnownAnswers.Lines(LINES, 0, 0), lines);
        }
    }
}
