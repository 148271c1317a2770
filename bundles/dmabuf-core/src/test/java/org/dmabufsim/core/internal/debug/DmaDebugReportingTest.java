// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.dmabufsim.dma.DmaDirection.BIDIRECTIONAL;
import static org.dmabufsim.dma.DmaDirection.FROM_DEVICE;
import static org.dmabufsim.dma.DmaDirection.TO_DEVICE;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leak at unbind (rule 105), debugfs dump and counters (rule 107), report plumbing. */
class DmaDebugReportingTest extends DebugFixture {

    @Test
    @DisplayName("rule 105: unbind with live entries reports once, with the count and the last entry in table order")
    void rule105_leakAtUnbind() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        SgTable sgt = sg(0x80010, 8192, 0x40000, 8192);
        debug.mapSg(cam, sgt, 1, 1, FROM_DEVICE, DmaAttrs.NONE);
        debug.mapPage(disp, 0x8100_0000L, 4096, TO_DEVICE, 0x90000, DmaAttrs.NONE);
        assertEquals(2, debug.deviceUnbind(cam));
        assertEquals(List.of(CAM + "device driver has pending DMA allocations while released from device [count=2]\n"
                + "One of leaked entries details: [device address=0x0000000000040000] [size=8192 bytes] "
                + "[mapped with DMA_FROM_DEVICE] [mapped as scather-gather]"), messages());
        assertEquals(1, debug.errorCount(DmaDebugError.LEAK_AT_UNBIND));
        assertEquals(3, debug.entries().size(), "unbind alone drops nothing");
    }

    @Test
    @DisplayName("rule 105: forget drops the device's entries silently; a clean unbind reports nothing")
    void rule105_forgetAfterLeak() {
        debug.mapPage(cam, 0x8000_0000L, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(disp, 0x8100_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.deviceUnbind(cam);
        debug.forget(cam);
        assertEquals(List.of(), debug.entries("1a000000.camera"));
        assertEquals(1, debug.entries("1b000000.display").size());
        assertEquals(-1, debug.cachelineOverlap(0x8000_0000L >>> 6));
        assertEquals(0, debug.deviceUnbind(cam));
        assertEquals(1, debug.errorCount());
    }

    @Test
    @DisplayName("rule 107: dump lines in bucket order, kernel format, map error states")
    void rule107_dumpFormat() {
        debug.mapPage(cam, 0x8000_1040L, 0x100, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.allocCoherent(disp, 0x2000, 0x4000, 0x8100_0000L);
        debug.mapPage(cam, 0x8000_2000L, 0x1000, FROM_DEVICE, 0x800_0000L, DmaAttrs.NONE);
        debug.mappingError(cam, 0x800_0000L);
        debug.mapSg(cam, sg(0x80003, 4096, 0x200_0000L, 4096), 1, 1, BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals("camera 1a000000.camera single idx 0 P=80001040 N=80001 D=1000 L=100 cln=0x0000000002000041 "
                        + "DMA_TO_DEVICE dma map error not checked\n"
                        + "camera 1a000000.camera single idx 0 P=80002000 N=80002 D=8000000 L=1000 "
                        + "cln=0x0000000002000080 DMA_FROM_DEVICE dma map error checked\n"
                        + "display 1b000000.display coherent idx 2 P=81000000 N=81000 D=4000 L=2000 "
                        + "cln=0x0000000002040000 DMA_BIDIRECTIONAL dma map error check not applicable\n"
                        + "camera 1a000000.camera scather-gather idx 4096 P=80003000 N=80003 D=2000000 L=1000 "
                        + "cln=0x00000000020000c0 DMA_BIDIRECTIONAL dma map error check not applicable\n",
                debug.dump());
    }

    @Test
    @DisplayName("rule 107: entries() mirrors struct dma_debug_entry")
    void rule107_entriesView() {
        debug.mapSg(cam, sg(0x80003, 4096, 0x200_0000L, 4096, 0x80005, 4096, 0, 0), 2, 1, TO_DEVICE, DmaAttrs.NONE);
        assertEquals(List.of(new DmaDebugEntry("camera", "1a000000.camera", "scather-gather", 0x200_0000L, 4096,
                0x8000_3000L, TO_DEVICE, 2, 1, false)), debug.entries());
        assertEquals(List.of(), debug.entries("1b000000.display"));
    }

    @Test
    @DisplayName("rule 107: error_count counts every err_printk; per-class counts only classes that occurred")
    void rule107_perClassCounts() {
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        debug.unmapPage(disp, 0x2000, 4096, TO_DEVICE);
        debug.unmapPage(cam, DmaMapping.DMA_MAPPING_ERROR, 4096, TO_DEVICE);
        debug.syncSingleForCpu(cam, 0x3000, 4096, FROM_DEVICE);
        Map<DmaDebugError, Long> expected = new LinkedHashMap<>();
        expected.put(DmaDebugError.UNMAP_INVALID_ADDRESS, 1L);
        expected.put(DmaDebugError.UNMAP_NOT_ALLOCATED, 2L);
        expected.put(DmaDebugError.SYNC_NOT_ALLOCATED, 1L);
        assertEquals(expected, debug.errorCounts());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(debug.errorCounts().keySet()));
        assertEquals(4, debug.errorCount());
        assertEquals(0, debug.errorCount(DmaDebugError.OVERLAP_EEXIST));
        assertEquals(3, debug.reports("1a000000.camera").size());
        assertEquals(1, debug.reports("1b000000.display").size());
    }

    @Test
    @DisplayName("rule 107: every report is also a WARN in the kernel log, with driver, device and modelled time")
    void rule107_reportsGoToKernelLog() {
        clock.set(1234);
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        String line = CAM + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4096 bytes]";
        assertEquals(List.of(line), warnings());
        assertEquals(new DmaDebugReport(DmaDebugError.UNMAP_NOT_ALLOCATED, "camera", "1a000000.camera", line, 1234),
                debug.reports().get(0));
        assertEquals(1234, log.records().get(0).timeNs());
    }

    @Test
    @DisplayName("A23: misuse of every kind is reported, never thrown")
    void a23_errorsNeverThrow() {
        SgTable sgt = sg(0x80000, 0x20000, 0x10000, 0x20000);
        assertDoesNotThrow(() -> {
            debug.unmapSg(cam, sgt, 1, TO_DEVICE);
            debug.mapSg(cam, sgt, 5, 9, TO_DEVICE, null);
            debug.syncSgForCpu(cam, sgt, 7, BIDIRECTIONAL);
            debug.unmapSg(cam, sgt, 4, FROM_DEVICE);
            debug.unmapSg(cam, sgt, 4, FROM_DEVICE);
            debug.freeCoherent(null, 4096, 0x1000, 0);
            debug.syncSingleForDevice(disp, -1L, -1L, TO_DEVICE);
            debug.mapPage(null, 0x8000_0000L, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
            debug.mapPage(disp, 0x8000_0000L, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
            debug.deviceUnbind(null);
            debug.deviceUnbind(disp);
            debug.dump();
        });
        assertEquals(13, debug.errorCount());
        assertEquals(debug.errorCount(), debug.reports().size());
    }
}
