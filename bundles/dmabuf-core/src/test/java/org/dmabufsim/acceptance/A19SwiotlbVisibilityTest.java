// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A19: what the CPU and a bounced (32-bit, swiotlb) device see of each other's writes (rules 87, 88). */
class A19SwiotlbVisibilityTest {
    private static final int SIZE = 8192;
    private static final DeviceSpec BOUNCED = DeviceSpec.of("1a000000.camera", "camera")
            .withDmaMask(DeviceSpec.bits(32));

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: a CPU write after map is invisible to the device until sync_for_device")
    void a19_cpuWriteAfterMapNeedsSyncForDevice_rule88(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice cam = soc.device(BOUNCED);
            PageRange buf = soc.pages(1, Zone.NORMAL);
            soc.cpuFill(buf.phys(), SIZE, 0xa1);
            long addr = soc.dma.mapPage(cam, buf.pfn(), 0, SIZE, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertTrue(soc.inSwiotlb(addr));
            soc.cpuFill(buf.phys(), SIZE, 0xb2);

            assertArrayEquals(Soc.filled(SIZE, 0xa1), soc.deviceRead(cam, addr, SIZE));
            soc.dma.syncSingleForDevice(cam, addr, SIZE, DmaDirection.TO_DEVICE);
            assertArrayEquals(Soc.filled(SIZE, 0xb2), soc.deviceRead(cam, addr, SIZE));
            assertEquals(0, soc.sim.dmaDebug().errorCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: a device write is invisible to the CPU until sync_for_cpu")
    void a19_deviceWriteNeedsSyncForCpu_rule88(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice cam = soc.device(BOUNCED);
            PageRange buf = soc.pages(1, Zone.NORMAL);
            soc.cpuFill(buf.phys(), SIZE, 0x01);
            long addr = soc.dma.mapPage(cam, buf.pfn(), 0, SIZE, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            soc.deviceFill(cam, addr, SIZE, 0x7e);

            assertArrayEquals(Soc.filled(SIZE, 0x01), soc.cpuRead(buf.phys(), SIZE));
            soc.dma.syncSingleForCpu(cam, addr, SIZE, DmaDirection.FROM_DEVICE);
            assertArrayEquals(Soc.filled(SIZE, 0x7e), soc.cpuRead(buf.phys(), SIZE));
            assertEquals(0, soc.sim.dmaDebug().errorCount());
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rules 87, 88: unmap copies the device's writes back and frees the slots")
    void a19_unmapCopiesDeviceWritesBack_rule87(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice cam = soc.device(BOUNCED);
            PageRange buf = soc.pages(1, Zone.NORMAL);
            long addr = soc.dma.mapPage(cam, buf.pfn(), 0, SIZE, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            soc.deviceFill(cam, addr + 4096, 4096, 0x5c);
            assertArrayEquals(new byte[4096], soc.cpuRead(buf.phys() + 4096, 4096));
            soc.dma.unmapPage(cam, addr, SIZE, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertArrayEquals(Soc.filled(4096, 0x5c), soc.cpuRead(buf.phys() + 4096, 4096));
            assertArrayEquals(new byte[4096], soc.cpuRead(buf.phys(), 4096));
            assertEquals(0, soc.swiotlb().usedPages());
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: unmap with SKIP_CPU_SYNC loses the device's writes (the slot is freed anyway)")
    void a19_unmapWithSkipCpuSyncLosesDeviceWrites_rule88(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice cam = soc.device(BOUNCED);
            PageRange buf = soc.pages(1, Zone.NORMAL);
            soc.cpuFill(buf.phys(), SIZE, 0x01);
            long addr = soc.dma.mapPage(cam, buf.pfn(), 0, SIZE, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            soc.deviceFill(cam, addr, SIZE, 0x7e);
            soc.dma.unmapPage(cam, addr, SIZE, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            assertArrayEquals(Soc.filled(SIZE, 0x01), soc.cpuRead(buf.phys(), SIZE));
            assertEquals(0, soc.swiotlb().usedPages());
        }
    }
}
