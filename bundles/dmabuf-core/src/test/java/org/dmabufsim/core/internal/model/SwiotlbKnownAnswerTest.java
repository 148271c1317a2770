// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.sim.Arm64Era;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Known answer 4 (A19, rules 86-88) end to end: a dma-heap buffer imported by a device that can only
 * address 32 bits, so every mapping bounces through swiotlb. The user mapping and the device see
 * each other's writes only through the sync points (map, end/begin_cpu_access, unmap). Default
 * cache, 50 seeds, both eras.
 */
class SwiotlbKnownAnswerTest {
    private static final int SIZE = 4 * 4096;
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("A19 / rules 87, 88: writes cross the bounce buffer only at map, end/begin_cpu_access and unmap")
    void rule88_visibilityThroughTheBounceBuffer(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            try (ModelFixture f = ModelFixture.of(seed, era)) {
                visibility(f, era);
            }
        }
    }

    private static void visibility(ModelFixture f, Arm64Era era) {
        DmaBuf buf = f.export(CachingModel.DMA_HEAP, 0, 2);
        DmaDevice cam = f.device(DeviceSpec.of("cam0", "cam").withDmaMask(DeviceSpec.bits(32)));
        CpuMapping user = buf.mmap(ModelFixture.OWNER, 0, 4);
        user.fill(0, SIZE, (byte) 0xa1);
        DmaBufAttachment a = buf.attach(cam);
        SgTable t = buf.mapAttachment(a, BIDI); // copies the buffer into the slot
        long dma = t.get(0).dmaAddress();
        assertEquals(RegionKind.SWIOTLB, f.sim.memory().regionOf(dma).orElseThrow().kind(), era.toString());
        assertArrayEquals(ModelFixture.filled(SIZE, 0xa1), f.deviceRead(cam, dma, SIZE), era + ": map copies");

        user.fill(0, SIZE, (byte) 0xb2);
        assertArrayEquals(ModelFixture.filled(SIZE, 0xa1), f.deviceRead(cam, dma, SIZE), era + ": not synced yet");
        buf.endCpuAccess(BIDI); // dma_sync_sgtable_for_device: original -> slot
        assertArrayEquals(ModelFixture.filled(SIZE, 0xb2), f.deviceRead(cam, dma, SIZE), era + ": end syncs");

        f.deviceFill(cam, dma, SIZE, 0xc3);
        assertArrayEquals(ModelFixture.filled(SIZE, 0xb2), user.read(0, SIZE), era + ": device write not synced");
        buf.beginCpuAccess(BIDI); // dma_sync_sgtable_for_cpu: slot -> original
        assertArrayEquals(ModelFixture.filled(SIZE, 0xc3), user.read(0, SIZE), era + ": begin syncs");

        f.deviceFill(cam, dma, SIZE, 0xd4);
        buf.unmapAttachment(a, t, BIDI); // dma_unmap_sgtable copies back
        assertArrayEquals(ModelFixture.filled(SIZE, 0xd4), user.read(0, SIZE), era + ": unmap copies back");
        assertEquals(0, f.sim.dmaDebug().errorCount(), era.toString());
        user.unmap();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("org.dmabufsim.core.internal.model.KnownAnswers#seeds")
    @DisplayName("A19 / rule 88: an importer that unmaps with SKIP_CPU_SYNC loses the device's writes")
    void rule88_unmapWithSkipLosesDeviceWrites(long seed) {
        for (Arm64Era era : Arm64Era.values()) {
            try (ModelFixture f = ModelFixture.of(seed, era)) {
                DmaBuf buf = f.export(CachingModel.DMA_HEAP, 0, 2);
                DmaDevice cam = f.device(DeviceSpec.of("cam0", "cam").withDmaMask(DeviceSpec.bits(32)));
                CpuMapping user = buf.mmap(ModelFixture.OWNER, 0, 4);
                user.fill(0, SIZE, (byte) 0x5e);
                SgTable t = f.sim.dma().sgTableOf(f.pageBuffer(buf).pages()); // the importer maps the pages itself
                f.sim.dma().mapSgtable(cam, t, BIDI, DmaAttrs.NONE);
                f.deviceFill(cam, t.get(0).dmaAddress(), SIZE, 0x6f);
                f.sim.dma().unmapSgtable(cam, t, BIDI, DmaAttrs.SKIP_CPU_SYNC);
                assertArrayEquals(ModelFixture.filled(SIZE, 0x5e), user.read(0, SIZE), era.toString());
                assertEquals(0, f.sim.dmaDebug().errorCount(), era.toString());
            }
        }
    }
}
