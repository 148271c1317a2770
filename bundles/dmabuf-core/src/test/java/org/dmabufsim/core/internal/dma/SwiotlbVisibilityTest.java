// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A19: what the CPU and a bounced device see of each other's writes (rules 87, 88). */
class SwiotlbVisibilityTest {
    private static final int SIZE = 8192;

    private static DeviceSpec bounced(String name) {
        return DeviceSpec.of(name, "camera").withDmaMask(DeviceSpec.bits(32));
    }

    /** A fresh two-page buffer mapped for the 32-bit device "cam", so that it bounces. */
    private record Bounced(DmaDevice cam, PageRange buf, long addr) {
        static final int NO_FILL = -1;

        /** Maps the buffer after the CPU filled it with {@code fill}, unless that is {@link #NO_FILL}. */
        static Bounced map(DmaFixture f, int fill, DmaDirection dir, DmaAttrs attrs) {
            DmaDevice cam = f.device(bounced("cam"));
            PageRange buf = f.pages(1, Zone.NORMAL);
            if (fill != NO_FILL) {
                f.cpuFill(buf.phys(), SIZE, fill);
            }
            return new Bounced(cam, buf, f.dma.mapPage(cam, buf.pfn(), 0, SIZE, dir, attrs));
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: a CPU write after map is invisible to the device until sync_for_device")
    void rule88_cpuWriteNeedsSyncForDevice(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            Bounced b = Bounced.map(f, 0xa1, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            f.cpuFill(b.buf().phys(), SIZE, 0xb2);

            assertArrayEquals(DmaFixture.filled(SIZE, 0xa1), f.deviceRead(b.cam(), b.addr(), SIZE));
            f.dma.syncSingleForDevice(b.cam(), b.addr(), SIZE, DmaDirection.TO_DEVICE);
            assertArrayEquals(DmaFixture.filled(SIZE, 0xb2), f.deviceRead(b.cam(), b.addr(), SIZE));
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: a device write is invisible to the CPU until sync_for_cpu")
    void rule88_deviceWriteNeedsSyncForCpu(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            Bounced b = Bounced.map(f, 0x01, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.deviceFill(b.cam(), b.addr(), SIZE, 0x7e);

            assertArrayEquals(DmaFixture.filled(SIZE, 0x01), f.cpuRead(b.buf().phys(), SIZE));
            f.dma.syncSingleForCpu(b.cam(), b.addr(), SIZE, DmaDirection.FROM_DEVICE);
            assertArrayEquals(DmaFixture.filled(SIZE, 0x7e), f.cpuRead(b.buf().phys(), SIZE));
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 87: unmap copies the device's writes back")
    void rule87_unmapCopiesBack(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            Bounced b = Bounced.map(f, Bounced.NO_FILL, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            f.deviceFill(b.cam(), b.addr() + 4096, 4096, 0x5c);
            f.dma.unmapPage(b.cam(), b.addr(), SIZE, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertArrayEquals(DmaFixture.filled(4096, 0x5c), f.cpuRead(b.buf().phys() + 4096, 4096));
            assertArrayEquals(new byte[4096], f.cpuRead(b.buf().phys(), 4096));
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19 / rule 88: unmap with SKIP_CPU_SYNC loses the device's writes")
    void rule88_unmapSkipLosesDeviceWrites(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            Bounced b = Bounced.map(f, 0x01, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.deviceFill(b.cam(), b.addr(), SIZE, 0x7e);
            f.dma.unmapPage(b.cam(), b.addr(), SIZE, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            assertArrayEquals(DmaFixture.filled(SIZE, 0x01), f.cpuRead(b.buf().phys(), SIZE));
            assertEquals(0, f.usedSwiotlbSlots());
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A19: two bounced importers of one buffer each have their own copy")
    void a19_twoImportersOwnCopies(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            DmaDevice cam = f.device(bounced("cam"));
            DmaDevice isp = f.device(bounced("isp"));
            PageRange buf = f.pages(1, Zone.NORMAL);
            f.cpuFill(buf.phys(), SIZE, 0x10);
            long camAddr = f.dma.mapPage(cam, buf.pfn(), 0, SIZE, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            long ispAddr = f.dma.mapPage(isp, buf.pfn(), 0, SIZE, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertNotEquals(camAddr, ispAddr);
            assertTrue(DmaFixture.inSwiotlb(camAddr) && DmaFixture.inSwiotlb(ispAddr));

            f.deviceFill(cam, camAddr, SIZE, 0xcc);
            assertArrayEquals(DmaFixture.filled(SIZE, 0x10), f.deviceRead(isp, ispAddr, SIZE));
            f.dma.syncSingleForCpu(cam, camAddr, SIZE, DmaDirection.BIDIRECTIONAL);
            assertArrayEquals(DmaFixture.filled(SIZE, 0x10), f.deviceRead(isp, ispAddr, SIZE),
                    "the second slot keeps its own copy until synced for that device");
            f.dma.syncSingleForDevice(isp, ispAddr, SIZE, DmaDirection.BIDIRECTIONAL);
            assertArrayEquals(DmaFixture.filled(SIZE, 0xcc), f.deviceRead(isp, ispAddr, SIZE));
        }
    }

    @Test
    @DisplayName("rules 86, 98: v5.19 copies into the slot even with SKIP_CPU_SYNC, but the copy stays in the CPU"
            + " cache: a non-coherent device reads the slot's stale memory")
    void rule98_skipLeavesBounceCopyInCache() {
        try (DmaFixture f = DmaFixture.quiet(Arm64Era.FROM_5_19)) {
            Bounced b = Bounced.map(f, 0x10, DmaDirection.TO_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            assertEquals(SIZE, f.sim.counters().bytesBounced());
            assertTrue(f.sim.cache().isDirty(b.addr()));
            assertArrayEquals(new byte[SIZE], f.deviceRead(b.cam(), b.addr(), SIZE));
            f.dma.syncSingleForDevice(b.cam(), b.addr(), SIZE, DmaDirection.TO_DEVICE);
            assertArrayEquals(DmaFixture.filled(SIZE, 0x10), f.deviceRead(b.cam(), b.addr(), SIZE));
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("rule 83: a partial sync_single_range copies only its range")
    void rule83_rangeSync(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            Bounced b = Bounced.map(f, Bounced.NO_FILL, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.deviceFill(b.cam(), b.addr(), SIZE, 0x66);
            long before = f.sim.counters().bytesBounced();
            f.dma.syncSingleRangeForCpu(b.cam(), b.addr(), 4096, 256, DmaDirection.FROM_DEVICE);
            assertEquals(256, f.sim.counters().bytesBounced() - before);
            assertEquals(0x66, f.cpuRead(b.buf().phys() + 4096, 1)[0]);
            assertEquals(0x66, f.cpuRead(b.buf().phys() + 4096 + 255, 1)[0]);
            assertEquals(0, f.cpuRead(b.buf().phys() + 4096 + 256, 1)[0]);
            assertEquals(0, f.sim.dmaDebug().errorCount());
        }
    }
}
