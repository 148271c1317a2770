// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answer 5 (rules 95, 60, 73): a recycled page is zeroed through the cache ({@code __GFP_ZERO}),
 * so the zeros are dirty lines while DRAM still holds the previous owner's data. Up to v5.18 mapping
 * it FROM_DEVICE invalidates those lines and a device that writes only part of the page exposes the
 * previous owner's data; from v5.19 the map cleans and the CPU reads zeros. Default cache, 50 seeds.
 */
class RecycledPageKnownAnswerTest {
    private static final int PAGE = 4096;
    private static final int HALF = PAGE / 2;

    /** What the CPU reads of the recycled page after the device wrote its first half. */
    private static byte[] run(long seed, Arm64Era era) {
        try (ModelFixture f = ModelFixture.of(seed, era)) {
            PageRange a = f.sim.memory().allocPages(0, Zone.NORMAL);
            f.sim.cpu().clearPages(a);
            f.sim.cpu().linearMap().fill(a.phys(), PAGE, (byte) 0x5a); // owner A's secret
            f.sim.cache().clean(a.phys(), PAGE);
            f.sim.memory().freePages(a);

            PageRange b = f.sim.memory().allocPages(0, Zone.NORMAL);
            assertEquals(a, b, "the page allocator hands the page back LIFO");
            f.sim.cpu().clearPages(b);
            assertArrayEquals(ModelFixture.filled(PAGE, 0x5a), KnownAnswers.dram(f.sim, b.phys(), PAGE));

            DmaDevice cam = f.direct("cam0");
            long dma = f.sim.dma().mapPage(cam, b.pfn(), 0, PAGE, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.sim.dma().mappingError(cam, dma);
            f.deviceFill(cam, dma, HALF, 0xd5);
            f.sim.dma().unmapPage(cam, dma, PAGE, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(0, f.sim.dmaDebug().errorCount());
            return f.sim.cpu().linearMap().read(b.phys(), PAGE);
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rule 95: up to v5.18 the FROM_DEVICE map invalidates the zeros and leaks the previous owner's data")
    void rule95_upTo518LeaksPreviousOwner(long seed) {
        byte[] seen = run(seed, Arm64Era.UP_TO_5_18);
        assertArrayEquals(ModelFixture.filled(HALF, 0xd5), Arrays.copyOfRange(seen, 0, HALF));
        assertArrayEquals(ModelFixture.filled(HALF, 0x5a), Arrays.copyOfRange(seen, HALF, PAGE));
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("rule 95: from v5.19 the FROM_DEVICE map cleans and the CPU reads zeros")
    void rule95_from519ReadsZeros(long seed) {
        byte[] seen = run(seed, Arm64Era.FROM_5_19);
        assertArrayEquals(ModelFixture.filled(HALF, 0xd5), Arrays.copyOfRange(seen, 0, HALF));
        assertArrayEquals(new byte[HALF], Arrays.copyOfRange(seen, HALF, PAGE));
    }
}
