// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A22 (rule 97): while a non-coherent device owns a FROM_DEVICE buffer the CPU may speculatively
 * refill its lines from memory the device has not written yet. The pre-DMA step at map cannot prevent
 * that, so a driver that skips the post-DMA invalidate (unmap with SKIP_CPU_SYNC) reads stale lines;
 * with the invalidate it reads what the device wrote. Default cache (prefetch and pressure eviction),
 * 64 pages (4096 lines), as known answers per seed.
 */
class A22StalePrefetchTest {
    private static final int ORDER = 6;
    private static final int SIZE = 4096 << ORDER;
    private static final int LINES = SIZE / CpuCache.LINE_SIZE;
    private static final int CPU = 0x11;
    private static final int DEVICE = 0xd5;

    /** Lines of the buffer holding only the CPU's old byte, only the device's byte, or anything else. */
    record Lines(int stale, int fresh, int other) {
    }

    /** Outcome of one run: the lines the CPU read after unmap, and the counters of the device job. */
    record Outcome(Lines lines, Counters job) {
    }

    private static Outcome run(SimulationConfig config, DmaAttrs unmapAttrs) {
        try (Soc soc = new Soc(config)) {
            DmaDevice cam = soc.device(DeviceSpec.of("cam0", "cam").withMaxSegmentSize(SIZE));
            PageRange buf = soc.pages(ORDER, Zone.NORMAL);
            soc.sim.cpu().clearPages(buf);
            soc.cpuFill(buf.phys(), SIZE, CPU);
            SgTable prev = soc.dma.sgTableOf(List.of(buf));
            soc.dma.mapSgtable(cam, prev, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // last frame: clean
            soc.dma.unmapSgtable(cam, prev, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // and invalidate

            SgTable sgt = soc.dma.sgTableOf(List.of(buf));
            soc.dma.mapSgtable(cam, sgt, DmaDirection.FROM_DEVICE, DmaAttrs.NONE); // the pre-DMA step
            assertEquals(0, presentLines(soc, buf), "no line of the buffer is cached when the device starts");
            Counters before = soc.sim.counters();
            soc.deviceFill(cam, sgt.get(0).dmaAddress(), SIZE, DEVICE);
            Counters job = soc.sim.counters().minus(before);
            soc.dma.unmapSgtable(cam, sgt, DmaDirection.FROM_DEVICE, unmapAttrs);
            assertEquals(0, soc.sim.dmaDebug().errorCount());
            return new Outcome(classify(soc.cpuRead(buf.phys(), SIZE)), job);
        }
    }

    private static int presentLines(Soc soc, PageRange buf) {
        int n = 0;
        for (long p = buf.phys(); p < buf.phys() + SIZE; p += CpuCache.LINE_SIZE) {
            n += soc.sim.cache().isPresent(p) ? 1 : 0;
        }
        return n;
    }

    private static Lines classify(byte[] data) {
        int stale = 0;
        int fresh = 0;
        for (int off = 0; off < data.length; off += CpuCache.LINE_SIZE) {
            if (uniform(data, off, (byte) CPU)) {
                stale++;
            } else if (uniform(data, off, (byte) DEVICE)) {
                fresh++;
            }
        }
        return new Lines(stale, fresh, LINES - stale - fresh);
    }

    private static boolean uniform(byte[] data, int off, byte value) {
        for (int i = off; i < off + CpuCache.LINE_SIZE; i++) {
            if (data[i] != value) {
                return false;
            }
        }
        return true;
    }

    private static SimulationConfig config(long seed, Arm64Era era) {
        return SimulationConfig.defaults().withSeed(seed).withEra(era);
    }

    @ParameterizedTest(name = "seed {0} {1}")
    @CsvSource({"1, UP_TO_5_18, 58", "1, FROM_5_19, 58", "2, UP_TO_5_18, 56", "2, FROM_5_19, 56",
        "3, UP_TO_5_18, 60", "3, FROM_5_19, 60", "4, UP_TO_5_18, 58", "4, FROM_5_19, 58", "5, UP_TO_5_18, 63",
        "5, FROM_5_19, 63", "42, UP_TO_5_18, 64", "42, FROM_5_19, 64"})
    @DisplayName("A22 / rule 97: skipping the post-DMA invalidate reads stale prefetched lines (known answer)")
    void a22_skippedInvalidateReadsStaleLines_rule97(long seed, Arm64Era era, int staleLines) {
        Outcome o = run(config(seed, era), DmaAttrs.SKIP_CPU_SYNC);
        assertTrue(o.job().linesPrefetched() > 0, "the prefetcher ran during the job");
        assertEquals(new Lines(staleLines, LINES - staleLines, 0), o.lines(), "seed " + seed + " " + era);
        assertTrue(staleLines >= 1);
    }

    @ParameterizedTest(name = "seed {0} {1}")
    @CsvSource({"1, UP_TO_5_18", "1, FROM_5_19", "2, UP_TO_5_18", "2, FROM_5_19", "3, UP_TO_5_18", "3, FROM_5_19",
        "4, UP_TO_5_18", "4, FROM_5_19", "5, UP_TO_5_18", "5, FROM_5_19", "42, UP_TO_5_18", "42, FROM_5_19"})
    @DisplayName("A22 / rule 97: with the invalidate at unmap the CPU reads every line the device wrote")
    void a22_invalidateAtUnmapReadsDeviceData_rule97(long seed, Arm64Era era) {
        assertEquals(new Lines(0, LINES, 0), run(config(seed, era), DmaAttrs.NONE).lines());
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A22 / rule 97, adversarial cache: skipping the invalidate makes every line stale, for any seed")
    void a22_adversarialSkippedInvalidateMakesEveryLineStale_rule97(Arm64Era era) {
        for (long seed : new long[] {1, 2, 3}) {
            SimulationConfig config = config(seed, era).withCache(CacheConfig.defaults().withAdversarial(true));
            assertEquals(new Lines(LINES, 0, 0), run(config, DmaAttrs.SKIP_CPU_SYNC).lines(), "seed " + seed);
            assertEquals(new Lines(0, LINES, 0), run(config, DmaAttrs.NONE).lines(), "seed " + seed);
        }
    }
}
