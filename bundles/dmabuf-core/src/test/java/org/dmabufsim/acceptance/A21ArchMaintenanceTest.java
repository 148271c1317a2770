// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A21: arm64 cache maintenance for a non-coherent device, by era and direction (rule 95). */
class A21ArchMaintenanceTest {
    private static final DeviceSpec VPU = DeviceSpec.of("1c000000.vpu", "vpu");
    private static final byte[] CPU_DATA = Soc.filled(64, 0xd1);

    /** A page whose first line the CPU wrote: present and dirty, DRAM still zero. */
    private static PageRange dirtyPage(Soc soc) {
        PageRange p = soc.page(Zone.NORMAL);
        soc.cpuWrite(p.phys(), CPU_DATA);
        assertTrue(soc.sim.cache().isDirty(p.phys()));
        assertArrayEquals(new byte[64], soc.dram(p.phys(), 64));
        return p;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UP_TO_5_18, TO_DEVICE, clean", "UP_TO_5_18, BIDIRECTIONAL, clean",
        "UP_TO_5_18, FROM_DEVICE, invalidate", "FROM_5_19, TO_DEVICE, clean", "FROM_5_19, BIDIRECTIONAL, clean",
        "FROM_5_19, FROM_DEVICE, clean"})
    @DisplayName("A21 / rule 95: map cleans TO_DEVICE/BIDIRECTIONAL; FROM_DEVICE invalidates up to v5.18, cleans after")
    void a21_mapMaintenanceByEraAndDirection_rule95(Arm64Era era, DmaDirection dir, String op) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice vpu = soc.device(VPU);
            PageRange p = dirtyPage(soc);
            Counters before = soc.sim.counters();
            soc.dma.mapPage(vpu, p.pfn(), 0, 4096, dir, DmaAttrs.NONE);
            Counters d = soc.sim.counters().minus(before);

            assertEquals(64, d.linesWalked(), "by-VA maintenance walks every line of the page");
            if (op.equals("clean")) {
                assertTrue(soc.sim.cache().isPresent(p.phys()));
                assertFalse(soc.sim.cache().isDirty(p.phys()));
                assertEquals(1, d.linesWrittenBack());
                assertEquals(0, d.linesInvalidated());
                assertArrayEquals(CPU_DATA, soc.dram(p.phys(), 64), "written back before the device reads");
            } else {
                assertFalse(soc.sim.cache().isPresent(p.phys()));
                assertEquals(0, d.linesWrittenBack());
                assertEquals(1, d.linesInvalidated());
                assertArrayEquals(new byte[64], soc.dram(p.phys(), 64), "dc ivac discards the CPU's data");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UP_TO_5_18, TO_DEVICE, 0", "UP_TO_5_18, BIDIRECTIONAL, 64", "UP_TO_5_18, FROM_DEVICE, 64",
        "FROM_5_19, TO_DEVICE, 0", "FROM_5_19, BIDIRECTIONAL, 64", "FROM_5_19, FROM_DEVICE, 64"})
    @DisplayName("A21 / rule 95: unmap invalidates FROM_DEVICE and BIDIRECTIONAL, does nothing for TO_DEVICE")
    void a21_unmapMaintenanceByDirection_rule95(Arm64Era era, DmaDirection dir, long walked) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice vpu = soc.device(VPU);
            PageRange p = soc.page(Zone.NORMAL);
            long addr = soc.dma.mapPage(vpu, p.pfn(), 0, 4096, dir, DmaAttrs.NONE);
            soc.cpuRead(p.phys(), 64);
            assertTrue(soc.sim.cache().isPresent(p.phys()));
            Counters before = soc.sim.counters();
            soc.dma.unmapPage(vpu, addr, 4096, dir, DmaAttrs.NONE);
            Counters d = soc.sim.counters().minus(before);
            assertEquals(walked, d.linesWalked());
            assertEquals(walked == 0 ? 0 : 1, d.linesInvalidated());
            assertEquals(walked == 0, soc.sim.cache().isPresent(p.phys()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UP_TO_5_18", "FROM_5_19"})
    @DisplayName("A21 / rule 95: sync_for_cpu FROM_DEVICE invalidates; sync_for_device FROM_DEVICE is per era")
    void a21_syncMaintenanceOfFromDeviceMapping_rule95(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice vpu = soc.device(VPU);
            PageRange p = soc.page(Zone.NORMAL);
            long addr = soc.dma.mapPage(vpu, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            soc.cpuWrite(p.phys(), CPU_DATA);
            soc.dma.syncSingleForDevice(vpu, addr, 4096, DmaDirection.FROM_DEVICE);
            boolean modern = era == Arm64Era.FROM_5_19;
            assertEquals(modern, soc.sim.cache().isPresent(p.phys()), "clean keeps the line, invalidate drops it");
            assertArrayEquals(modern ? CPU_DATA : new byte[64], soc.dram(p.phys(), 64));
            soc.cpuRead(p.phys(), 64);
            soc.dma.syncSingleForCpu(vpu, addr, 4096, DmaDirection.FROM_DEVICE);
            assertFalse(soc.sim.cache().isPresent(p.phys()));
            assertEquals(0, soc.sim.dmaDebug().errorCount());
        }
    }
}
