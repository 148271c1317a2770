// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.dmabufsim.dma.DmaDirection.BIDIRECTIONAL;
import static org.dmabufsim.dma.DmaDirection.FROM_DEVICE;
import static org.dmabufsim.dma.DmaDirection.TO_DEVICE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** check_unmap: rules 100 and 101. */
class DmaDebugUnmapTest extends DebugFixture {

    @Test
    @DisplayName("rule 100: unmap of an address never mapped")
    void rule100_unmapNotAllocated() {
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(List.of(CAM + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4096 bytes]"), messages());
        assertEquals(1, debug.errorCount(DmaDebugError.UNMAP_NOT_ALLOCATED));
    }

    @Test
    @DisplayName("rule 100: unmap of the DMA_MAPPING_ERROR cookie")
    void rule100_unmapErrorCookie() {
        debug.unmapPage(cam, DmaMapping.DMA_MAPPING_ERROR, 4096, TO_DEVICE);
        assertEquals(List.of(CAM + "device driver tries to free an invalid DMA memory address"), messages());
        assertEquals(Map.of(DmaDebugError.UNMAP_INVALID_ADDRESS, 1L), debug.errorCounts());
    }

    @Test
    @DisplayName("rule 100: a failed map (error cookie) is not recorded")
    void rule100_mapOfErrorCookieNotRecorded() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, DmaMapping.DMA_MAPPING_ERROR, DmaAttrs.NONE);
        assertTrue(debug.entries().isEmpty());
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 101: a balanced, checked map and unmap reports nothing and removes the entry")
    void rule101_balancedUnmapIsSilent() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        assertEquals(1, debug.entries("1a000000.camera").size());
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(List.of(), messages());
        assertTrue(debug.entries().isEmpty());
    }

    @Test
    @DisplayName("rule 101: unmap with a different size; the entry is removed anyway")
    void rule101_wrongSize() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        debug.unmapPage(cam, 0x1000, 8192, TO_DEVICE);
        assertEquals(List.of(CAM + "device driver frees DMA memory with different size "
                + "[device address=0x0000000000001000] [map size=4096 bytes] [unmap size=8192 bytes]"), messages());
        assertTrue(debug.entries().isEmpty());
    }

    @Test
    @DisplayName("rule 101: sg mapping freed with unmap_page")
    void rule101_wrongTypeSgAsSingle() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 4096);
        debug.mapSg(cam, sgt, 1, 1, TO_DEVICE, DmaAttrs.NONE);
        debug.unmapPage(cam, 0x10000, 4096, TO_DEVICE);
        assertEquals(List.of(CAM + "device driver frees DMA memory with wrong function "
                + "[device address=0x0000000000010000] [size=4096 bytes] [mapped as scather-gather] "
                + "[unmapped as single]"), messages());
    }

    @Test
    @DisplayName("rule 101: coherent allocation freed with unmap_page")
    void rule101_wrongTypeCoherentAsSingle() {
        debug.allocCoherent(cam, 8192, 0x2000, 0x9000_0000L);
        debug.unmapPage(cam, 0x2000, 8192, BIDIRECTIONAL);
        assertEquals(List.of(CAM + "device driver frees DMA memory with wrong function "
                + "[device address=0x0000000000002000] [size=8192 bytes] [mapped as coherent] [unmapped as single]"),
                messages());
    }

    @Test
    @DisplayName("rule 101: single mapping freed with free_coherent: wrong function and direction")
    void rule101_wrongTypeSingleAsCoherent() {
        mapChecked(0x9000_0000L, 8192, TO_DEVICE, 0x2000);
        debug.freeCoherent(cam, 8192, 0x2000, 0x9000_0000L);
        assertEquals(List.of(
                CAM + "device driver frees DMA memory with wrong function [device address=0x0000000000002000] "
                        + "[size=8192 bytes] [mapped as single] [unmapped as coherent]",
                CAM + "device driver frees DMA memory with different direction [device address=0x0000000000002000] "
                        + "[size=8192 bytes] [mapped with DMA_TO_DEVICE] [unmapped with DMA_BIDIRECTIONAL]"),
                messages());
    }

    @Test
    @DisplayName("rule 101: free_coherent with another CPU address")
    void rule101_coherentWrongCpuAddress() {
        debug.allocCoherent(cam, 8192, 0x2000, 0x9000_0000L);
        debug.freeCoherent(cam, 8192, 0x2000, 0x9000_1000L);
        assertEquals(List.of(CAM + "device driver frees DMA memory with different CPU address "
                + "[device address=0x0000000000002000] [size=8192 bytes] [cpu alloc address=0x0000000090000000] "
                + "[cpu free address=0x0000000090001000]"), messages());
        assertTrue(debug.entries().isEmpty());
    }

    @Test
    @DisplayName("rule 101: balanced coherent alloc and free report nothing")
    void rule101_coherentBalanced() {
        debug.allocCoherent(cam, 8192, 0x2000, 0x9000_0000L);
        assertEquals("coherent", debug.entries().get(0).type());
        assertEquals(BIDIRECTIONAL, debug.entries().get(0).direction());
        debug.freeCoherent(cam, 8192, 0x2000, 0x9000_0000L);
        assertEquals(0, debug.errorCount());
        assertTrue(debug.entries().isEmpty());
    }

    @Test
    @DisplayName("rule 101: unmap_sg with another nents; only the first nents entries are unmapped")
    void rule101_wrongNents() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 4096, 0x80010, 4096, 0x20000, 4096, 0x80020, 4096, 0x30000, 4096);
        debug.mapSg(cam, sgt, 3, 3, TO_DEVICE, DmaAttrs.NONE);
        debug.unmapSg(cam, sgt, 2, TO_DEVICE);
        String line = CAM + "device driver frees DMA sg list with different entry count [map count=3] [unmap count=2]";
        assertEquals(List.of(line, line), messages());
        assertEquals(1, debug.entries().size());
        assertEquals(0x30000, debug.entries().get(0).dmaAddress());
    }

    @Test
    @DisplayName("rule 101: unmap with a different direction")
    void rule101_wrongDirection() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        debug.unmapPage(cam, 0x1000, 4096, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver frees DMA memory with different direction "
                + "[device address=0x0000000000001000] [size=4096 bytes] [mapped with DMA_TO_DEVICE] "
                + "[unmapped with DMA_FROM_DEVICE]"), messages());
    }

    @Test
    @DisplayName("rule 101: single mapping unmapped without dma_mapping_error()")
    void rule101_mapErrorNotChecked() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        assertFalse(debug.entries().get(0).mapErrorChecked());
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(List.of(CAM + "device driver failed to check map error[device address=0x0000000000001000] "
                + "[size=4096 bytes] [mapped as single]"), messages());
    }

    @Test
    @DisplayName("rule 101: no map-error report once dma_mapping_error() was called")
    void rule101_mapErrorCheckedIsSilent() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        assertTrue(debug.entries().get(0).mapErrorChecked());
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 101: every mismatch is its own report, in the kernel's order")
    void rule101_allMismatchesReported() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.unmapPage(cam, 0x1000, 512, BIDIRECTIONAL);
        assertEquals(List.of(
                CAM + "device driver frees DMA memory with different size [device address=0x0000000000001000] "
                        + "[map size=4096 bytes] [unmap size=512 bytes]",
                CAM + "device driver frees DMA memory with different direction [device address=0x0000000000001000] "
                        + "[size=512 bytes] [mapped with DMA_TO_DEVICE] [unmapped with DMA_BIDIRECTIONAL]",
                CAM + "device driver failed to check map error[device address=0x0000000000001000] "
                        + "[size=512 bytes] [mapped as single]"),
                messages());
        assertEquals(3, debug.errorCount());
    }

    @Test
    @DisplayName("rule 100: another device's mapping at the same address does not match")
    void rule100_matchIsPerDevice() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        debug.unmapPage(disp, 0x1000, 4096, TO_DEVICE);
        assertEquals(List.of(DISP + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4096 bytes]"), messages());
        assertEquals(1, debug.entries("1a000000.camera").size());
    }

    @Test
    @DisplayName("rule 100: best fit picks the perfect match among entries at one address")
    void rule100_bestFitPerfectMatch() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(cam, 0x8000_0000L, 8192, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.unmapPage(cam, 0x1000, 8192, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver failed to check map error[device address=0x0000000000001000] "
                + "[size=8192 bytes] [mapped as single]"), messages());
        assertEquals(4096, debug.entries().get(0).size());
    }

    @Test
    @DisplayName("rule 101: mapping an address again marks the earlier unchecked entry checked (debug_dma_map_page "
            + "calls dma_mapping_error)")
    void rule101_remapMarksEarlierEntryChecked() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        assertTrue(debug.entries().get(0).mapErrorChecked());
        assertFalse(debug.entries().get(1).mapErrorChecked());
        debug.mappingError(cam, 0x1000); // marks only the first unchecked entry
        assertTrue(debug.entries().get(1).mapErrorChecked());
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(0, debug.errorCount());
    }

    @Test
    @DisplayName("rule 100: several imperfect candidates are ambiguous: 'not allocated', nothing removed")
    void rule100_ambiguousBestFitIsNotFound() {
        debug.mapPage(cam, 0x8000_0000L, 4096, TO_DEVICE, 0x1000, DmaAttrs.NONE);
        debug.mapPage(cam, 0x8000_0000L, 8192, FROM_DEVICE, 0x1000, DmaAttrs.NONE);
        assertFalse(debug.entries().get(1).mapErrorChecked());
        debug.unmapPage(cam, 0x1000, 4096, FROM_DEVICE);
        assertEquals(List.of(CAM + "device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4096 bytes]"), messages());
        assertEquals(2, debug.entries().size());
        // check_unmap's own dma_mapping_error() call marked the remaining unchecked entry, as in the kernel
        assertTrue(debug.entries().get(1).mapErrorChecked());
    }

    @Test
    @DisplayName("rule 100: one imperfect candidate is taken as the match")
    void rule100_singleImperfectCandidateMatches() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        debug.unmapPage(cam, 0x1000, 4096, FROM_DEVICE);
        assertEquals(1, debug.errorCount(DmaDebugError.UNMAP_WRONG_DIRECTION));
        assertEquals(0, debug.errorCount(DmaDebugError.UNMAP_NOT_ALLOCATED));
        assertTrue(debug.entries().isEmpty());
    }

    @Test
    @DisplayName("rule 101: unmapping twice reports 'not allocated' the second time")
    void rule101_doubleUnmap() {
        mapChecked(0x8000_0000L, 4096, TO_DEVICE, 0x1000);
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        debug.unmapPage(cam, 0x1000, 4096, TO_DEVICE);
        assertEquals(Map.of(DmaDebugError.UNMAP_NOT_ALLOCATED, 1L), debug.errorCounts());
    }

    @Test
    @DisplayName("rule 103: merged sg (IOMMU) records mapped segments only; unmap stops after them")
    void rule103_mergedSgMapAndUnmap() {
        SgTable sgt = sg(0x80000, 4096, 0x10000, 12288, 0x80010, 4096, DmaMapping.DMA_MAPPING_ERROR, 0, 0x80020,
                4096, DmaMapping.DMA_MAPPING_ERROR, 0);
        debug.mapSg(cam, sgt, 3, 1, BIDIRECTIONAL, DmaAttrs.NONE);
        assertEquals(1, debug.entries().size());
        assertEquals(3, debug.entries().get(0).sgCallEnts());
        assertEquals(1, debug.entries().get(0).sgMappedEnts());
        assertEquals(12288, debug.entries().get(0).size());
        assertEquals(0x8000_0000L, debug.entries().get(0).phys());
        debug.unmapSg(cam, sgt, 3, BIDIRECTIONAL);
        assertEquals(0, debug.errorCount());
        assertTrue(debug.entries().isEmpty());
    }
}
