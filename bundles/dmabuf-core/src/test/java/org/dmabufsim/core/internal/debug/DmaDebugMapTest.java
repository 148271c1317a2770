// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.dmabufsim.dma.DmaDirection.BIDIRECTIONAL;
import static org.dmabufsim.dma.DmaDirection.FROM_DEVICE;
import static org.dmabufsim.dma.DmaDirection.TO_DEVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.SgTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Map-time checks: sg segments (rule 103) and cacheline overlap tracking (rules 104, 99, 57c). */
class DmaDebugMapTest extends DebugFixture {
    private static final long PHYS = 0x8000_0000L;
    private static final String EEXIST = "cacheline tracking EEXIST, overlapping mappings aren't supported";

    @Test
    @DisplayName("rule 103: sg segment longer than dma_get_max_seg_size()")
    void rule103_segmentTooLong() {
        SgTable sgt = sg(0x80000, 0x20000, 0x100000, 0x20000);
        debug.mapSg(cam, sgt, 1, 1, TO_DEVICE, DmaAttrs.NONE);
        assertEquals(List.of(CAM + "mapping sg segment longer than device claims to support [len=131072] [max=65536]"),
                messages());
        assertEquals(1, debug.entries().size());
    }

    @Test
    @DisplayName("rule 103: sg segment across the segment boundary")
    void rule103_segmentAcrossBoundary() {
        TestDevice npu = new TestDevice(DeviceSpec.of("1c000000.npu", "npu").withSegmentBoundaryMask(0xffff));
        SgTable sgt = sg(0x80000, 0x2000, 0xf000, 0x2000);
        debug.mapSg(npu, sgt, 1, 1, TO_DEVICE, DmaAttrs.NONE);
        assertEquals(List.of("DMA-API: npu 1c000000.npu: mapping sg segment across boundary "
                + "[start=0x000000000000f000] [end=0x0000000000010fff] [boundary=0x000000000000ffff]"), messages());
    }

    @Test
    @DisplayName("rule 103: segments within limits report nothing")
    void rule103_goodSegmentsSilent() {
        SgTable sgt = sg(0x80000, 0x10000, 0x100000, 0x10000, 0x90000, 0x10000, 0x110000, 0x10000);
        debug.mapSg(cam, sgt, 2, 2, TO_DEVICE, DmaAttrs.NONE);
        assertEquals(0, debug.errorCount());
        assertEquals(2, debug.entries().size());
    }

    @Test
    @DisplayName("rule 104/57c: two devices map the same page FROM_DEVICE: EEXIST for the second")
    void rule104_overlapEexist() {
        debug.mapPage(cam, PHYS, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(disp, PHYS, 4096, FROM_DEVICE, 0x5000, DmaAttrs.NONE);
        assertEquals(List.of(DISP + EEXIST), messages());
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, 1L), debug.errorCounts());
    }

    @Test
    @DisplayName("rule 104: BIDIRECTIONAL sg segments overlapping a coherent allocation's first line")
    void rule104_overlapSgWithCoherent() {
        debug.allocCoherent(cam, 4096, 0x1000, PHYS);
        SgTable sgt = sg(0x80000, 4096, 0x20000, 4096);
        debug.mapSg(disp, sgt, 1, 1, BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals(List.of(DISP + EEXIST), messages());
    }

    @Test
    @DisplayName("rule 99: no EEXIST when the second mapping uses DMA_ATTR_SKIP_CPU_SYNC")
    void rule99_skipCpuSyncSuppressesEexist() {
        debug.mapPage(cam, PHYS, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(disp, PHYS, 4096, FROM_DEVICE, 0x5000, DmaAttrs.SKIP_CPU_SYNC);
        assertEquals(0, debug.errorCount());
        assertEquals(1, debug.cachelineOverlap(PHYS >>> 6));
    }

    @Test
    @DisplayName("rule 104: TO_DEVICE mappings are not tracked")
    void rule104_toDeviceNotTracked() {
        debug.mapPage(cam, PHYS, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(disp, PHYS, 4096, TO_DEVICE, 0x5000, DmaAttrs.NONE);
        debug.mapPage(disp, PHYS, 4096, FROM_DEVICE, 0x9000, DmaAttrs.NONE);
        assertEquals(0, debug.errorCount());
        assertEquals(0, debug.cachelineOverlap(PHYS >>> 6));
    }

    @Test
    @DisplayName("rule 104: only the first cacheline of a mapping is tracked")
    void rule104_onlyFirstLineTracked() {
        debug.mapPage(cam, PHYS, 4096, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(disp, PHYS + 64, 64, FROM_DEVICE, 0x5040, DmaAttrs.NONE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 104: unmapping the first mapping makes the line free for a new one")
    void rule104_unmapReleasesLine() {
        mapChecked(PHYS, 4096, FROM_DEVICE, 0x1000);
        debug.unmapPage(cam, 0x1000, 4096, FROM_DEVICE);
        assertEquals(-1, debug.cachelineOverlap(PHYS >>> 6));
        debug.mapPage(disp, PHYS, 4096, FROM_DEVICE, 0x5000, DmaAttrs.NONE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 104: the 9th mapping of a line exceeds 7 overlaps (WARN_ONCE, not in error_count)")
    void rule104_overlapExceeded() {
        for (int i = 0; i < 9; i++) {
            debug.mapPage(cam, PHYS, 4096, FROM_DEVICE, 0x1000L * (i + 1), DmaAttrs.SKIP_CPU_SYNC);
        }
        assertEquals(List.of("DMA-API: exceeded 7 overlapping mappings of cacheline 0x0000000002000000"), messages());
        assertEquals(0, debug.errorCount());
        assertEquals(1, debug.errorCount(DmaDebugError.OVERLAP_EXCEEDED));
        assertEquals("1a000000.camera", debug.reports().get(0).device());
        assertEquals(7, debug.cachelineOverlap(PHYS >>> 6));
    }

    @Test
    @DisplayName("rule 104: without SKIP_CPU_SYNC the 9th mapping gives the overflow WARN, then EEXIST")
    void rule104_overflowThenEexistOrder() {
        for (int i = 0; i < 9; i++) {
            debug.mapPage(cam, PHYS, 4096, BIDIRECTIONAL, 0x1000L * (i + 1), DmaAttrs.NONE);
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(CAM + EEXIST);
        }
        expected.add("DMA-API: exceeded 7 overlapping mappings of cacheline 0x0000000002000000");
        expected.add(CAM + EEXIST);
        assertEquals(expected, messages());
        assertEquals(8, debug.errorCount());
    }

    @Test
    @DisplayName("rule 104: after an overflow the line goes idle one unmap early, as in the kernel")
    void rule104_overflowLosesOneCount() {
        for (int i = 0; i < 9; i++) {
            debug.mapPage(cam, PHYS, 4096, FROM_DEVICE, 0x1000L * (i + 1), DmaAttrs.SKIP_CPU_SYNC);
            debug.mappingError(cam, 0x1000L * (i + 1));
        }
        for (int i = 0; i < 8; i++) {
            debug.unmapPage(cam, 0x1000L * (i + 1), 4096, FROM_DEVICE);
        }
        assertEquals(-1, debug.cachelineOverlap(PHYS >>> 6));
        assertEquals(1, debug.entries().size());
        debug.unmapPage(cam, 0x9000, 4096, FROM_DEVICE);
        assertEquals(-1, debug.cachelineOverlap(PHYS >>> 6));
        assertEquals(0, debug.errorCount());
    }
}
