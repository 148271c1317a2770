// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A23: CONFIG_DMA_API_DEBUG reports misuse of the DMA mapping API with the kernel's messages
 * (rules 100-105). Every report is a WARN in the kernel log and is counted; nothing is thrown.
 */
class A23DmaDebugTest {
    private static final String CAM = "1a000000.camera";
    private static final String PREFIX = "DMA-API: camera " + CAM + ": ";

    private final Soc soc = Soc.quiet();
    private final DmaMapping dma = soc.dma;
    private final DmaDevice cam = soc.device(DeviceSpec.of(CAM, "camera"));
    private final PageRange page = soc.page(Zone.NORMAL);

    @AfterEach
    void close() {
        soc.close();
    }

    private static String hex(long addr) {
        return String.format(Locale.ROOT, "0x%016x", addr);
    }

    /** The one report of that class; there must be exactly one. */
    private String only(DmaDebugError error) {
        List<DmaDebugReport> reports = soc.sim.dmaDebug().reports().stream().filter(r -> r.error() == error).toList();
        assertEquals(1, reports.size(), () -> "reports: " + soc.sim.dmaDebug().reports());
        assertTrue(reports.get(0).message().contains(error.text()));
        return reports.get(0).message();
    }

    /** A checked single mapping of the first page. */
    private long mapChecked(long size, DmaDirection dir) {
        long addr = dma.mapPage(cam, page.pfn(), 0, size, dir, DmaAttrs.NONE);
        assertEquals(false, dma.mappingError(cam, addr));
        return addr;
    }

    @Test
    @DisplayName("A23 / rule 100: unmap of an address never mapped")
    void a23_unmapOfUnknownAddress_rule100() {
        dma.unmapSingle(cam, 0x1234_0000L, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver tries to free DMA memory it has not allocated"
                + " [device address=0x0000000012340000] [size=64 bytes]", only(DmaDebugError.UNMAP_NOT_ALLOCATED));
        assertEquals(List.of(only(DmaDebugError.UNMAP_NOT_ALLOCATED)), soc.messages(KernelLog.Level.WARN));
        assertEquals(1, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A23 / rule 100: unmap of DMA_MAPPING_ERROR")
    void a23_unmapOfMappingErrorCookie_rule100() {
        dma.unmapPage(cam, DmaMapping.DMA_MAPPING_ERROR, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver tries to free an invalid DMA memory address",
                only(DmaDebugError.UNMAP_INVALID_ADDRESS));
    }

    @Test
    @DisplayName("A23 / rule 101: unmap with another size, without checking the map error")
    void a23_unmapWrongSizeAndUncheckedMapError_rule101() {
        long addr = dma.mapSingle(cam, page.phys() + 0x40, 128, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        assertEquals(page.phys() + 0x40, addr);
        dma.unmapSingle(cam, addr, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver frees DMA memory with different size [device address=" + hex(addr)
                + "] [map size=128 bytes] [unmap size=64 bytes]", only(DmaDebugError.UNMAP_WRONG_SIZE));
        assertEquals(PREFIX + "device driver failed to check map error[device address=" + hex(addr)
                + "] [size=64 bytes] [mapped as single]", only(DmaDebugError.MAP_ERROR_NOT_CHECKED));
        assertEquals(2, soc.sim.dmaDebug().errorCount());
        assertEquals(List.of(), soc.sim.dmaDebug().entries(), "the entry is removed anyway");
    }

    @Test
    @DisplayName("A23 / rule 101: unmap with another direction")
    void a23_unmapWrongDirection_rule101() {
        long addr = mapChecked(4096, DmaDirection.FROM_DEVICE);
        dma.unmapPage(cam, addr, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver frees DMA memory with different direction [device address=" + hex(addr)
                + "] [size=4096 bytes] [mapped with DMA_FROM_DEVICE] [unmapped with DMA_TO_DEVICE]",
                only(DmaDebugError.UNMAP_WRONG_DIRECTION));
        assertEquals(Map.of(DmaDebugError.UNMAP_WRONG_DIRECTION, 1L), soc.sim.dmaDebug().errorCounts());
    }

    @Test
    @DisplayName("A23 / rule 101: unmap_sg with another nents, and an sg segment unmapped as a page")
    void a23_unmapWrongNentsAndWrongType_rule101() {
        SgTable t = dma.sgTableOf(List.of(soc.page(Zone.NORMAL), soc.page(Zone.NORMAL)));
        assertEquals(2, dma.mapSg(cam, t, 2, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE));
        dma.unmapSg(cam, t, 1, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver frees DMA sg list with different entry count [map count=2]"
                + " [unmap count=1]", only(DmaDebugError.UNMAP_WRONG_NENTS));
        long second = t.get(1).dmaAddress();
        dma.unmapPage(cam, second, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals(PREFIX + "device driver frees DMA memory with wrong function [device address=" + hex(second)
                + "] [size=4096 bytes] [mapped as scather-gather] [unmapped as single]",
                only(DmaDebugError.UNMAP_WRONG_TYPE));
    }

    @Test
    @DisplayName("A23 / rule 101: dma_free_coherent with another CPU address")
    void a23_freeCoherentWithOtherCpuAddress_rule101() {
        CoherentBuffer buf = dma.allocCoherent(cam, 4096);
        CoherentBuffer wrong = new CoherentBuffer(buf.device(), buf.dmaAddress(), buf.size(), page, buf.cpu());
        dma.freeCoherent(cam, wrong);
        assertEquals(PREFIX + "device driver frees DMA memory with different CPU address [device address="
                + hex(buf.dmaAddress()) + "] [size=4096 bytes] [cpu alloc address=" + hex(buf.pages().phys())
                + "] [cpu free address=" + hex(page.phys()) + "]", only(DmaDebugError.UNMAP_WRONG_CPU_ADDRESS));
        assertEquals(List.of(), soc.sim.dmaDebug().entries());
    }

    @Test
    @DisplayName("A23 / rule 102: sync of memory never mapped")
    void a23_syncOfUnmappedMemory_rule102() {
        dma.syncSingleForCpu(cam, page.phys(), 64, DmaDirection.FROM_DEVICE);
        assertEquals(PREFIX + "device driver tries to sync DMA memory it has not allocated [device address="
                + hex(page.phys()) + "] [size=64 bytes]", only(DmaDebugError.SYNC_NOT_ALLOCATED));
    }

    @Test
    @DisplayName("A23 / rule 102: a sync running past the mapping is not contained, so it is 'not allocated'")
    void a23_syncPastTheEndIsNotAllocated_rule102() {
        long addr = mapChecked(4096, DmaDirection.TO_DEVICE);
        dma.syncSingleRangeForDevice(cam, addr, 4000, 200, DmaDirection.TO_DEVICE);
        assertEquals(PREFIX + "device driver tries to sync DMA memory it has not allocated [device address="
                + hex(addr + 4000) + "] [size=200 bytes]", only(DmaDebugError.SYNC_NOT_ALLOCATED));
        assertEquals(0, soc.sim.dmaDebug().errorCount(DmaDebugError.SYNC_OUT_OF_RANGE));
    }

    @Test
    @DisplayName("A23 / rule 102: 'outside allocated range' needs a sync whose end wraps u64, as in the kernel")
    void a23_syncOutsideAllocatedRange_rule102() {
        DmaDevice coh = soc.device(DeviceSpec.of("coh0", "coh").withCoherent(true));
        SgTable t = dma.sgTableOf(List.of(page));
        assertEquals(1, dma.mapSg(coh, t, 1, DmaDirection.FROM_DEVICE, DmaAttrs.NONE));
        long addr = t.get(0).dmaAddress();
        t.get(0).setDma(addr, -1L);
        dma.syncSgForCpu(coh, t, 1, DmaDirection.FROM_DEVICE);
        assertEquals("DMA-API: coh coh0: device driver syncs DMA memory outside allocated range [device address="
                + hex(addr) + "] [allocation size=4096 bytes] [sync offset+size=18446744073709551615]",
                only(DmaDebugError.SYNC_OUT_OF_RANGE));
    }

    @Test
    @DisplayName("A23 / rule 102: sync_for_cpu of a TO_DEVICE mapping in another direction: direction and read-only")
    void a23_syncWrongDirectionAndReadOnly_rule102() {
        long addr = mapChecked(4096, DmaDirection.TO_DEVICE);
        dma.syncSingleForCpu(cam, addr, 4096, DmaDirection.FROM_DEVICE);
        String details = " [device address=" + hex(addr) + "] [size=4096 bytes] [mapped with DMA_TO_DEVICE]"
                + " [synced with DMA_FROM_DEVICE]";
        assertEquals(PREFIX + "device driver syncs DMA memory with different direction" + details,
                only(DmaDebugError.SYNC_WRONG_DIRECTION));
        assertEquals(PREFIX + "device driver syncs device read-only DMA memory for cpu" + details,
                only(DmaDebugError.SYNC_DEVICE_READ_ONLY));
        assertEquals(2, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A23 / rule 102: sync_for_device of a FROM_DEVICE mapping in another direction: write-only")
    void a23_syncWriteOnlyToDevice_rule102() {
        long addr = mapChecked(4096, DmaDirection.FROM_DEVICE);
        dma.syncSingleForDevice(cam, addr, 4096, DmaDirection.TO_DEVICE);
        assertEquals(PREFIX + "device driver syncs device write-only DMA memory to device [device address="
                + hex(addr) + "] [size=4096 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]",
                only(DmaDebugError.SYNC_DEVICE_WRITE_ONLY));
        assertEquals(1, soc.sim.dmaDebug().errorCount(DmaDebugError.SYNC_WRONG_DIRECTION));
    }

    @Test
    @DisplayName("A23 / rule 102: a BIDIRECTIONAL mapping may be synced in any direction")
    void a23_bidirectionalMappingSyncsAnyDirection_rule102() {
        long addr = mapChecked(4096, DmaDirection.BIDIRECTIONAL);
        dma.syncSingleForCpu(cam, addr, 4096, DmaDirection.TO_DEVICE);
        dma.syncSingleForDevice(cam, addr, 4096, DmaDirection.FROM_DEVICE);
        dma.syncSingleRangeForCpu(cam, addr, 64, 128, DmaDirection.FROM_DEVICE);
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A23 / rule 102: sg sync with another nents")
    void a23_syncSgWrongNents_rule102() {
        SgTable t = dma.sgTableOf(List.of(soc.page(Zone.NORMAL), soc.page(Zone.NORMAL)));
        assertEquals(2, dma.mapSg(cam, t, 2, DmaDirection.FROM_DEVICE, DmaAttrs.NONE));
        dma.syncSgForCpu(cam, t, 1, DmaDirection.FROM_DEVICE);
        assertEquals(PREFIX + "device driver syncs DMA sg list with different entry count [map count=2]"
                + " [sync count=1]", only(DmaDebugError.SYNC_WRONG_NENTS));
    }

    @Test
    @DisplayName("A23 / rules 57c, 99, 104: overlapping FROM_DEVICE mappings unless SKIP_CPU_SYNC; TO_DEVICE untracked")
    void a23_overlappingMappings_rule104() {
        DmaDevice isp = soc.device(DeviceSpec.of("1b000000.isp", "isp").withIommu(IommuSpec.strict()));
        dma.mapPage(cam, page.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
        dma.mapPage(isp, page.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
        dma.mapPage(isp, page.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        assertEquals(0, soc.sim.dmaDebug().errorCount());
        dma.mapPage(isp, page.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals("DMA-API: isp 1b000000.isp: cacheline tracking EEXIST, overlapping mappings aren't supported",
                only(DmaDebugError.OVERLAP_EEXIST));
        assertEquals(1, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A23 / rule 104: more than 7 overlaps of one cacheline WARN (not an error_count error)")
    void a23_overlapCounterOverflow_rule104() {
        for (int i = 0; i < 8; i++) {
            dma.mapPage(cam, page.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
        }
        assertEquals(Map.of(), soc.sim.dmaDebug().errorCounts());
        dma.mapPage(cam, page.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
        assertEquals("DMA-API: exceeded 7 overlapping mappings of cacheline " + hex(page.phys() >>> 6),
                soc.sim.dmaDebug().reports().get(0).message());
        assertEquals(1, soc.sim.dmaDebug().errorCount(DmaDebugError.OVERLAP_EXCEEDED));
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A23 / rule 105: unbind with live mappings reports once, then the core tears them down")
    void a23_leakAtUnbind_rule105() {
        long single = mapChecked(4096, DmaDirection.TO_DEVICE);
        SgTable t = dma.sgTableOf(List.of(soc.pages(1, Zone.NORMAL)));
        dma.mapSgtable(cam, t, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
        assertEquals(2, soc.sim.dmaDebug().entries(CAM).size());
        cam.close();
        String report = only(DmaDebugError.LEAK_AT_UNBIND);
        // device_dma_allocations() walks the hash buckets in order and reports the last entry it saw
        long sg = t.get(0).dmaAddress();
        String expected = bucket(sg) >= bucket(single) ? leak(sg, 8192, "DMA_FROM_DEVICE", "scather-gather")
                : leak(single, 4096, "DMA_TO_DEVICE", "single");
        assertEquals(expected, report);
        assertEquals(List.of(), soc.sim.dmaDebug().entries(CAM));
        assertEquals(1, soc.sim.dmaDebug().errorCount());
        cam.close();
        assertEquals(1, soc.sim.dmaDebug().errorCount(), "close is idempotent");
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class,
                () -> dma.mapPage(cam, page.pfn(), 0, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE)).errno());
    }

    /** debug.c's hash bucket: {@code (dev_addr >> HASH_FN_SHIFT) & HASH_FN_MASK}, shift 13, 16384 buckets. */
    private static long bucket(long dmaAddress) {
        return (dmaAddress >>> 13) & 0x3fff;
    }

    private static String leak(long addr, long size, String dir, String type) {
        return PREFIX + "device driver has pending DMA allocations while released from device [count=2]\n"
                + "One of leaked entries details: [device address=" + hex(addr) + "] [size=" + size + " bytes]"
                + " [mapped with " + dir + "] [mapped as " + type + "]";
    }
}
