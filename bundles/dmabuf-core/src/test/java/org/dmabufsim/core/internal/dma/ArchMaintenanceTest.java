// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A21 and rules 95, 57a: arm64 cache maintenance for a non-coherent device, per era and direction. */
class ArchMaintenanceTest {
    private static final DeviceSpec DEV = DeviceSpec.of("1c000000.vpu", "vpu");
    private static final byte[] CPU_DATA = DmaFixture.filled(64, 0xd1);

    /** A page whose first line the CPU wrote: present and dirty, DRAM still zero. */
    private static PageRange dirtyPage(DmaFixture f) {
        PageRange p = f.page(Zone.NORMAL);
        f.cpuWrite(p.phys(), CPU_DATA);
        assertTrue(f.sim.cache().isDirty(p.phys()));
        return p;
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UP_TO_5_18, TO_DEVICE, clean", "UP_TO_5_18, BIDIRECTIONAL, clean",
        "UP_TO_5_18, FROM_DEVICE, invalidate", "FROM_5_19, TO_DEVICE, clean", "FROM_5_19, BIDIRECTIONAL, clean",
        "FROM_5_19, FROM_DEVICE, clean"})
    @DisplayName("A21 / rule 95: map (arch_sync_dma_for_device) cleans, or invalidates FROM_DEVICE up to v5.18")
    void rule95_mapMaintenance(Arm64Era era, DmaDirection dir, String op) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            DmaDevice dev = f.device(DEV);
            PageRange p = dirtyPage(f);
            Counters before = f.sim.counters();
            f.dma.mapPage(dev, p.pfn(), 0, 4096, dir, DmaAttrs.NONE);
            Counters d = f.sim.counters().minus(before);

            assertEquals(64, d.linesWalked());
            if (op.equals("clean")) {
                assertTrue(f.sim.cache().isPresent(p.phys()));
                assertFalse(f.sim.cache().isDirty(p.phys()));
                assertEquals(1, d.linesWrittenBack());
                assertArrayEquals(CPU_DATA, f.dram(p.phys(), 64), "written back before the device reads");
            } else {
                assertFalse(f.sim.cache().isPresent(p.phys()));
                assertEquals(0, d.linesWrittenBack());
                assertEquals(1, d.linesInvalidated());
                assertArrayEquals(new byte[64], f.dram(p.phys(), 64), "dc ivac discards the CPU's data");
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"UP_TO_5_18, TO_DEVICE, 0", "UP_TO_5_18, BIDIRECTIONAL, 64", "UP_TO_5_18, FROM_DEVICE, 64",
        "FROM_5_19, TO_DEVICE, 0", "FROM_5_19, BIDIRECTIONAL, 64", "FROM_5_19, FROM_DEVICE, 64"})
    @DisplayName("A21 / rule 95: unmap (arch_sync_dma_for_cpu) invalidates, except for TO_DEVICE")
    void rule95_unmapMaintenance(Arm64Era era, DmaDirection dir, long walked) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            DmaDevice dev = f.device(DEV);
            PageRange p = f.page(Zone.NORMAL);
            long addr = f.dma.mapPage(dev, p.pfn(), 0, 4096, dir, DmaAttrs.NONE);
            f.cpuRead(p.phys(), 64);
            Counters before = f.sim.counters();
            f.dma.unmapPage(dev, addr, 4096, dir, DmaAttrs.NONE);
            assertEquals(walked, f.sim.counters().minus(before).linesWalked());
            assertEquals(walked == 0, f.sim.cache().isPresent(p.phys()));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"UP_TO_5_18", "FROM_5_19"})
    @DisplayName("A21 / rule 95: sync_for_cpu invalidates FROM_DEVICE; sync_for_device maintains as map does")
    void rule95_syncMaintenance(Arm64Era era) {
        try (DmaFixture f = DmaFixture.quiet(era)) {
            DmaFixture.Mapped one = f.mapNewPage(DEV, DmaDirection.FROM_DEVICE);
            f.cpuWrite(one.page().phys(), CPU_DATA);
            f.dma.syncSingleForDevice(one.dev(), one.addr(), 4096, DmaDirection.FROM_DEVICE);
            assertEquals(era == Arm64Era.FROM_5_19, f.sim.cache().isPresent(one.page().phys()));
            f.cpuRead(one.page().phys(), 64);
            f.dma.syncSingleForCpu(one.dev(), one.addr(), 4096, DmaDirection.FROM_DEVICE);
            assertFalse(f.sim.cache().isPresent(one.page().phys()));
            f.cpuRead(one.page().phys(), 64);
            f.dma.syncSingleForCpu(one.dev(), one.addr(), 4096, DmaDirection.TO_DEVICE);
            assertTrue(f.sim.cache().isPresent(one.page().phys()), "for_cpu of TO_DEVICE does nothing");
        }
    }

    @Test
    @DisplayName("rule 95: maintenance ends with a dsb, which drains write-combine buffers")
    void rule95_maintenanceIsABarrier() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DEV);
            PageRange p = f.page(Zone.NORMAL);
            PageRange wc = f.page(Zone.NORMAL);
            var mapping = f.sim.cpu().map(List.of(wc), org.dmabufsim.mem.MemAttr.WRITE_COMBINE);
            mapping.write(0, CPU_DATA);
            assertArrayEquals(new byte[64], f.dram(wc.phys(), 64));
            f.dma.mapPage(dev, p.pfn(), 0, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertArrayEquals(CPU_DATA, f.dram(wc.phys(), 64));
        }
    }

    @Test
    @DisplayName("rule 57a: syncing a never-mapped table on dma-direct maintains dma_to_phys(0): nothing real, a WARN")
    void rule57a_unmappedTableOnDirectDevice() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DEV);
            PageRange p = f.page(Zone.NORMAL);
            SgTable heapTable = f.dma.sgTableOf(List.of(p));
            SgTable attachmentTable = f.dma.dupSgTable(heapTable);
            f.cpuRead(p.phys(), 64);
            Counters before = f.sim.counters();
            f.dma.syncSgtableForCpu(dev, attachmentTable, DmaDirection.FROM_DEVICE);

            Counters d = f.sim.counters().minus(before);
            assertEquals(64, d.linesWalked(), "the lines are walked");
            assertEquals(0, d.linesInvalidated());
            assertEquals(1, d.dmaSyncCalls());
            assertTrue(f.sim.cache().isPresent(p.phys()), "the real page is not maintained");
            List<KernelLog.Record> warns = f.sim.log().grep("has no linear mapping");
            assertEquals(1, warns.size());
            assertEquals("WARNING: at arch/arm64/mm/dma-mapping.c arch_sync_dma_for_cpu: vpu 1c000000.vpu: phys "
                    + "0x0000000000000000+0x1000 has no linear mapping: the kernel would fault or maintain another"
                    + " page", warns.get(0).message());
            assertEquals(0, f.sim.dmaDebug().errorCount(), "debug.c is silent when the first entry is unknown");
        }
    }

    @Test
    @DisplayName("rule 57a: with a dma-ranges offset, dma_to_phys(0) is some other page, and that page is maintained")
    void rule57a_wrongPageWithOffset() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DEV.withDmaOffset(0x8000_0000L));
            PageRange p = f.page(Zone.NORMAL);
            SgTable attachmentTable = f.dma.dupSgTable(f.dma.sgTableOf(List.of(p)));
            f.cpuRead(p.phys(), 64);
            f.cpuRead(0x8000_0000L, 64);
            f.dma.syncSgtableForCpu(dev, attachmentTable, DmaDirection.BIDIRECTIONAL);
            assertTrue(f.sim.cache().isPresent(p.phys()));
            assertFalse(f.sim.cache().isPresent(0x8000_0000L), "the first page of DRAM was invalidated instead");
            assertEquals(0, f.warnings());
        }
    }

    @Test
    @DisplayName("rule 57a: on an IOMMU device the same sync maintains the real pages (sg_phys)")
    void rule57a_unmappedTableOnIommuDevice() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DEV.withIommu(IommuSpec.strict()));
            PageRange p = f.page(Zone.NORMAL);
            SgTable attachmentTable = f.dma.dupSgTable(f.dma.sgTableOf(List.of(p)));
            f.cpuRead(p.phys(), 64);
            f.dma.syncSgtableForCpu(dev, attachmentTable, DmaDirection.FROM_DEVICE);
            assertFalse(f.sim.cache().isPresent(p.phys()));
            assertTrue(f.sim.log().grep("has no linear mapping").isEmpty());
        }
    }
}
