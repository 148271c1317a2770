// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.dmabufsim.dma.DmaDirection.BIDIRECTIONAL;
import static org.dmabufsim.dma.DmaDirection.FROM_DEVICE;
import static org.dmabufsim.dma.DmaDirection.TO_DEVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** check_sync: rule 102 (and 57a, 39). */
class DmaDebugSyncTest extends DebugFixture {

    private static final long PHYS = 0x8000_0000L;

    @Test
    @DisplayName("rule 102: sync of an address never mapped")
    void rule102_syncNotAllocated() {
        debug.syncSingleForCpu(cam, 0x5000, 64, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x0000000000005000] [size=64 bytes]"), messages());
        assertEquals(1, debug.errorCount(DmaDebugError.SYNC_NOT_ALLOCATED));
    }

    @Test
    @DisplayName("rule 102: a sync inside the mapping (containing match) is fine")
    void rule102_partialSyncInsideMapping() {
        mapChecked(PHYS, 0x4000, FROM_DEVICE, 0x20000);
        debug.syncSingleForCpu(cam, 0x22800, 0x100, FROM_DEVICE);
        debug.syncSingleForDevice(cam, 0x20000, 0x4000, FROM_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: a sync running past the end is not contained: the kernel says 'not allocated'")
    void rule102_syncPastEndIsNotAllocated() {
        mapChecked(PHYS, 0x1000, FROM_DEVICE, 0x10000);
        debug.syncSingleForCpu(cam, 0x10800, 0x1000, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x0000000000010800] [size=4096 bytes]"), messages());
    }

    @Test
    @DisplayName("rule 102: outside allocated range, reachable when offset+size wraps u64 (as in the kernel)")
    void rule102_syncOutOfRange() {
        mapChecked(PHYS, 0x1000, FROM_DEVICE, 0x10000);
        debug.syncSingleForCpu(cam, 0x10000, -1L, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver syncs DMA memory outside allocated range "
                + "[device address=0x0000000000010000] [allocation size=4096 bytes] "
                + "[sync offset+size=18446744073709551615]"), messages());
        assertEquals(Map.of(DmaDebugError.SYNC_OUT_OF_RANGE, 1L), debug.errorCounts());
    }

    @Test
    @DisplayName("rule 102: sync_for_device with another direction")
    void rule102_syncWrongDirection() {
        mapChecked(PHYS, 4096, TO_DEVICE, 0x20000);
        debug.syncSingleForDevice(cam, 0x20000, 4096, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver syncs DMA memory with different direction "
                + "[device address=0x0000000000020000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                + "[synced with DMA_FROM_DEVICE]"), messages());
    }

    @Test
    @DisplayName("rule 102: sync_for_cpu on a TO_DEVICE mapping: direction and read-only")
    void rule102_forCpuOnToDeviceMapping() {
        mapChecked(PHYS, 4096, TO_DEVICE, 0x20000);
        debug.syncSingleForCpu(cam, 0x20000, 4096, BIDIRECTIONAL);
        assertEquals(List.of(
                CAM + "device driver syncs DMA memory with different direction [device address=0x0000000000020000] "
                        + "[size=4096 bytes] [mapped with DMA_TO_DEVICE] [synced with DMA_BIDIRECTIONAL]",
                CAM + "device driver syncs device read-only DMA memory for cpu [device address=0x0000000000020000] "
                        + "[size=4096 bytes] [mapped with DMA_TO_DEVICE] [synced with DMA_BIDIRECTIONAL]"),
                messages());
    }

    @Test
    @DisplayName("rule 102: sync_for_cpu(TO_DEVICE) of a TO_DEVICE mapping is allowed")
    void rule102_forCpuToDeviceSameDirectionSilent() {
        mapChecked(PHYS, 4096, TO_DEVICE, 0x20000);
        debug.syncSingleForCpu(cam, 0x20000, 4096, TO_DEVICE);
        debug.syncSingleForDevice(cam, 0x20000, 4096, TO_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: sync_for_device on a FROM_DEVICE mapping: direction and write-only")
    void rule102_forDeviceOnFromDeviceMapping() {
        mapChecked(PHYS, 4096, FROM_DEVICE, 0x20000);
        debug.syncSingleForDevice(cam, 0x20000, 4096, TO_DEVICE);
        assertEquals(List.of(
                CAM + "device driver syncs DMA memory with different direction [device address=0x0000000000020000] "
                        + "[size=4096 bytes] [mapped with DMA_FROM_DEVICE] [synced with DMA_TO_DEVICE]",
                CAM + "device driver syncs device write-only DMA memory to device "
                        + "[device address=0x0000000000020000] [size=4096 bytes] [mapped with DMA_FROM_DEVICE] "
                        + "[synced with DMA_TO_DEVICE]"),
                messages());
        assertEquals(1, debug.errorCount(DmaDebugError.SYNC_DEVICE_WRITE_ONLY));
    }

    @Test
    @DisplayName("rule 102: a BIDIRECTIONAL mapping skips every direction check")
    void rule102_bidirectionalSkipsDirectionChecks() {
        mapChecked(PHYS, 4096, BIDIRECTIONAL, 0x20000);
        for (DmaDirection dir : List.of(TO_DEVICE, FROM_DEVICE, BIDIRECTIONAL)) {
            debug.syncSingleForCpu(cam, 0x20000, 4096, dir);
            debug.syncSingleForDevice(cam, 0x20000, 4096, dir);
        }
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: sync_sg with another nents; only mapped entries are checked")
    void rule102_syncSgWrongNents() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 4096, 0x80010, 4096, 0x20000, 4096, 0x80020, 4096, 0x30000, 4096);
        debug.mapSg(cam, sgt, 3, 3, FROM_DEVICE, DmaAttrs.NONE);
        debug.syncSgForCpu(cam, sgt, 2, FROM_DEVICE);
        String line = CAM + "device driver syncs DMA sg list with different entry count [map count=3] [sync count=2]";
        assertEquals(List.of(line, line), messages());
        debug.syncSgForDevice(cam, sgt, 3, FROM_DEVICE);
        assertEquals(2, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: sync_sg checks only the first sg_mapped_ents entries of a merged table")
    void rule102_syncSgMergedChecksMappedOnly() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 8192, 0x80010, 4096, 0, 0);
        debug.mapSg(cam, sgt, 2, 1, TO_DEVICE, DmaAttrs.NONE);
        debug.syncSgForDevice(cam, sgt, 2, TO_DEVICE);
        debug.syncSgForCpu(cam, sgt, 2, TO_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: sync_sg with a wrong direction reports per mapped entry")
    void rule102_syncSgWrongDirection() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 4096);
        debug.mapSg(cam, sgt, 1, 1, TO_DEVICE, DmaAttrs.NONE);
        debug.syncSgForDevice(cam, sgt, 1, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver syncs DMA memory with different direction "
                + "[device address=0x0000000000010000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                + "[synced with DMA_FROM_DEVICE]"), messages());
    }

    @Test
    @DisplayName("rule 57a: sync_sg of a never-mapped table (dma_address 0) is silent: the first lookup finds nothing")
    void rule57a_syncSgOfUnmappedTableIsSilent() {
        SgTable sgt = sg(0x80000, 4096, 0, 0, 0x80010, 4096, 0, 0);
        debug.syncSgForCpu(cam, sgt, 2, BIDIRECTIONAL);
        debug.syncSgForDevice(cam, sgt, 2, BIDIRECTIONAL);
        assertEquals(0, debug.errorCount());
        assertEquals(List.of(), debug.reports());
    }

    @Test
    @DisplayName("rule 39: single sync with a NULL device prints NULL NULL")
    void rule39_nullDevice() {
        debug.syncSingleForDevice(null, 0x1000, 4, TO_DEVICE);
        assertEquals(List.of("DMA-API: NULL NULL: device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4 bytes]"), messages());
        assertEquals("NULL", debug.reports().get(0).device());
    }

    @Test
    @DisplayName("rule 102: a sync deep inside a 256 MiB mapping is found by walking buckets back")
    void rule102_containingLookupWalksBack() {
        mapChecked(PHYS, 0x1000_0000L, FROM_DEVICE, 0x1000_0000L);
        debug.syncSingleForCpu(cam, 0x1FFF_0000L, 0x1000, FROM_DEVICE);
        debug.syncSingleForCpu(cam, 0x1800_0000L, 0x1000, FROM_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 102: another device's mapping does not contain the sync")
    void rule102_containingIsPerDevice() {
        mapChecked(PHYS, 4096, FROM_DEVICE, 0x20000);
        debug.syncSingleForCpu(disp, 0x20000, 4096, FROM_DEVICE);
        assertEquals(List.of(DISP + "device driver tries to sync DMA memory it has not allocated "
                + "[device address=0x0000000000020000] [size=4096 bytes]"), messages());
    }
}
