// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A23: CONFIG_DMA_API_DEBUG reports misuse made through the DMA mapping API (rules 100-105). */
class DmaApiDebugTest {
    private static final DeviceSpec CAM = DeviceSpec.of("1a000000.camera", "camera");

    private static String only(DmaFixture f, DmaDebugError error) {
        List<DmaDebugReport> reports = f.sim.dmaDebug().reports().stream().filter(r -> r.error() == error).toList();
        assertEquals(1, reports.size(), () -> "reports: " + f.sim.dmaDebug().reports());
        return reports.get(0).message();
    }

    @Test
    @DisplayName("A23 / rule 101: unmap with another direction than the map")
    void rule101_unmapWrongDirection() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped one = f.mapNewPage(CAM, DmaDirection.FROM_DEVICE);
            f.dma.mappingError(one.dev(), one.addr());
            f.dma.unmapPage(one.dev(), one.addr(), 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(String.format(Locale.ROOT, "DMA-API: camera 1a000000.camera: device driver frees DMA memory "
                    + "with different direction [device address=0x%016x] [size=4096 bytes] [mapped with "
                    + "DMA_FROM_DEVICE] [unmapped with DMA_TO_DEVICE]", one.addr()),
                    only(f, DmaDebugError.UNMAP_WRONG_DIRECTION));
            assertEquals(Map.of(DmaDebugError.UNMAP_WRONG_DIRECTION, 1L), f.sim.dmaDebug().errorCounts());
            assertTrue(f.sim.dmaDebug().entries().isEmpty(), "the entry is removed anyway");
        }
    }

    @Test
    @DisplayName("A23 / rules 100, 101: unmap of an unknown address, with another size, without checking the error")
    void rule100_unmapChecks() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            PageRange p = f.page(Zone.NORMAL);
            f.dma.unmapSingle(cam, 0x1234_0000L, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals("DMA-API: camera 1a000000.camera: device driver tries to free DMA memory it has not allocated"
                    + " [device address=0x0000000012340000] [size=64 bytes]",
                    only(f, DmaDebugError.UNMAP_NOT_ALLOCATED));

            long addr = f.dma.mapSingle(cam, p.phys() + 0x40, 128, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(p.phys() + 0x40, addr);
            f.dma.unmapSingle(cam, addr, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(String.format(Locale.ROOT, "DMA-API: camera 1a000000.camera: device driver frees DMA memory "
                    + "with different size [device address=0x%016x] [map size=128 bytes] [unmap size=64 bytes]", addr),
                    only(f, DmaDebugError.UNMAP_WRONG_SIZE));
            assertEquals(String.format(Locale.ROOT, "DMA-API: camera 1a000000.camera: device driver failed to check "
                    + "map error[device address=0x%016x] [size=64 bytes] [mapped as single]", addr),
                    only(f, DmaDebugError.MAP_ERROR_NOT_CHECKED));
            assertEquals(3, f.sim.dmaDebug().errorCount());
            assertEquals(3, f.sim.log().count(KernelLog.Level.WARN));
        }
    }

    @Test
    @DisplayName("A23 / rule 101: unmap_sg with another nents and as a single mapping")
    void rule101_sgMisuse() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            SgTable t = f.dma.sgTableOf(List.of(f.page(Zone.NORMAL), f.page(Zone.NORMAL)));
            assertEquals(2, f.dma.mapSg(cam, t, 2, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE));
            f.dma.unmapSg(cam, t, 1, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertTrue(only(f, DmaDebugError.UNMAP_WRONG_NENTS).endsWith("[map count=2] [unmap count=1]"));
            f.dma.unmapPage(cam, t.get(1).dmaAddress(), 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertTrue(only(f, DmaDebugError.UNMAP_WRONG_TYPE)
                    .endsWith("[mapped as scather-gather] [unmapped as single]"));
        }
    }

    @Test
    @DisplayName("A23 / rule 102: sync of memory never mapped, outside the mapping, in another direction")
    void rule102_syncChecks() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            PageRange p = f.page(Zone.NORMAL);
            f.dma.syncSingleForCpu(cam, p.phys(), 64, DmaDirection.FROM_DEVICE);
            assertEquals(String.format(Locale.ROOT, "DMA-API: camera 1a000000.camera: device driver tries to sync DMA "
                    + "memory it has not allocated [device address=0x%016x] [size=64 bytes]", p.phys()),
                    only(f, DmaDebugError.SYNC_NOT_ALLOCATED));

            long addr = f.dma.mapPage(cam, p.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            f.dma.syncSingleForCpu(cam, addr, 4096, DmaDirection.FROM_DEVICE);
            assertTrue(only(f, DmaDebugError.SYNC_WRONG_DIRECTION).endsWith(
                    "[mapped with DMA_TO_DEVICE] [synced with DMA_FROM_DEVICE]"));
            assertTrue(only(f, DmaDebugError.SYNC_DEVICE_READ_ONLY)
                    .contains("syncs device read-only DMA memory for cpu"));
            f.dma.syncSingleRangeForDevice(cam, addr, 4000, 200, DmaDirection.TO_DEVICE);
            assertEquals(2, f.sim.dmaDebug().errorCount(DmaDebugError.SYNC_NOT_ALLOCATED),
                    "a range running past the mapping is not contained: 'not allocated'");
        }
    }

    @Test
    @DisplayName("A23 / rules 57c, 99, 104: overlapping FROM_DEVICE mappings of two devices, unless SKIP_CPU_SYNC")
    void rule104_overlap() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            DmaDevice isp = f.device(DeviceSpec.of("1b000000.isp", "isp").withIommu(IommuSpec.strict()));
            PageRange p = f.page(Zone.NORMAL);
            f.dma.mapPage(cam, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.dma.mapPage(isp, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            assertEquals(0, f.sim.dmaDebug().errorCount());
            f.dma.mapPage(isp, p.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertEquals("DMA-API: isp 1b000000.isp: cacheline tracking EEXIST, overlapping mappings aren't supported",
                    only(f, DmaDebugError.OVERLAP_EEXIST));
        }
    }

    @Test
    @DisplayName("A6 / rule 18: DMA_NONE is a kernel BUG before any state or counter changes")
    void rule18_dmaNoneIsABug() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            PageRange p = f.page(Zone.NORMAL);
            SgTable t = f.dma.sgTableOf(List.of(p));
            Counters before = f.sim.counters();
            assertThrows(KernelBug.class, () -> f.dma.mapPage(cam, p.pfn(), 0, 64, DmaDirection.NONE, DmaAttrs.NONE));
            assertThrows(KernelBug.class, () -> f.dma.mapSgtable(cam, t, DmaDirection.NONE, DmaAttrs.NONE));
            assertThrows(KernelBug.class, () -> f.dma.syncSgtableForCpu(cam, t, DmaDirection.NONE));
            assertThrows(KernelBug.class, () -> f.dma.unmapPage(cam, p.phys(), 64, DmaDirection.NONE, DmaAttrs.NONE));
            Counters d = f.sim.counters().minus(before);
            assertEquals(0, d.dmaMapCalls() + d.dmaSyncCalls() + d.dmaUnmapCalls());
            assertEquals(0, t.get(0).dmaLength());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            assertEquals(4, f.sim.log().count(KernelLog.Level.BUG));
            assertEquals("kernel BUG at kernel/dma/mapping.c: BUG_ON(!valid_dma_direction(dir))",
                    f.sim.log().records().get(0).message());
        }
    }

    @Test
    @DisplayName("rule 105: dma_debug dump lists the live mappings made through the API")
    void rule105_dumpShowsLiveMappings() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped one = f.mapNewPage(CAM, DmaDirection.TO_DEVICE);
            f.dma.mappingError(one.dev(), one.addr());
            assertEquals(String.format(Locale.ROOT, "camera 1a000000.camera single idx %d P=%x N=%x D=%x L=1000 "
                    + "cln=0x%016x DMA_TO_DEVICE dma map error checked%n", idx(one.addr()), one.page().phys(),
                    one.page().pfn(), one.addr(), one.page().phys() >>> 6), f.sim.dmaDebug().dump());
        }
    }

    /** The hash bucket of debug.c: {@code (dev_addr >> HASH_FN_SHIFT) & HASH_FN_MASK}, shift 13, 16384 buckets. */
    private static long idx(long dmaAddress) {
        return (dmaAddress >>> 13) & 0x3fff;
    }
}
