// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answer 3 (rules 96, 97): an IO-coherent device snoops the CPU cache, so after a
 * non-coherent device wrote DRAM behind clean lines the CPU still holds, the coherent device reads
 * those stale lines unless the non-coherent device's driver invalidated them (sync_for_cpu or
 * unmap). Default cache, 50 seeds, both eras.
 */
class CoherentStaleLineKnownAnswerTest {
    private static final int ORDER = 4;
    private static final int SIZE = 4096 << ORDER;
    private static final int CPU = 0x33;
    private static final int ISP = 0xee;

    /** What the coherent GPU reads after the non-coherent ISP wrote; {@code unmapFirst}: whether the ISP driver unmapped first. */
    private static byte[] run(long seed, Arm64Era era, boolean unmapFirst) {
        try (ModelFixture f = ModelFixture.of(seed, era)) {
            DmaMapping dma = f.sim.dma();
            DmaDevice isp = f.direct("isp0");
            DmaDevice gpu = f.device(DeviceSpec.of("gpu0", "gpu").withCoherent(true));
            PageRange buf = f.sim.memory().allocPages(ORDER, Zone.NORMAL);
            f.sim.cpu().clearPages(buf);
            f.sim.cpu().linearMap().fill(buf.phys(), SIZE, (byte) CPU);

            SgTable ispTable = dma.sgTableOf(List.of(buf));
            dma.mapSgtable(isp, ispTable, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // clean: lines stay, clean
            assertEquals(SIZE / KnownAnswers.LINE, KnownAnswers.presentLines(f.sim, buf.phys(), SIZE));
            f.deviceFill(isp, ispTable.get(0).dmaAddress(), SIZE, ISP);
            if (unmapFirst) {
                dma.unmapSgtable(isp, ispTable, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE); // invalidate
            }
            assertArrayEquals(ModelFixture.filled(SIZE, ISP), KnownAnswers.dram(f.sim, buf.phys(), SIZE));

            SgTable gpuTable = dma.sgTableOf(List.of(buf));
            dma.mapSgtable(gpu, gpuTable, DmaDirection.TO_DEVICE, DmaAttrs.NONE); // coherent: no maintenance
            byte[] seen = f.deviceRead(gpu, gpuTable.get(0).dmaAddress(), SIZE);
            assertEquals(0, f.sim.dmaDebug().errorCount());
            return seen;
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rules 96, 97: a coherent device's read hits stale clean lines a non-coherent write left behind")
    void rule96_coherentReadHitsStaleCleanLine(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            KnownAnswers.Lines lines = KnownAnswers.classify(run(seed, era, false), CPU, ISP);
            assertTrue(lines.onlyA() >= 1, era + ": the GPU read a stale line: " + lines);
            assertEquals(0, lines.other(), era.toString());
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rules 83, 96: after the non-coherent device's unmap (invalidate) the coherent device reads its data")
    void rule96_invalidateBeforeHandOver(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            assertArrayEquals(ModelFixture.filled(SIZE, ISP), run(seed, era, true), era.toString());
        }
    }
}
