// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A18: dma-direct: an address beyond the mask fails without swiotlb and bounces with it; coherent
 * devices and DMA_ATTR_SKIP_CPU_SYNC get no cache maintenance (rules 82-88, 96, 98). ZONE_NORMAL pages
 * of the default map lie above 4 GiB, so a 32-bit device cannot reach them.
 */
class A18DirectMappingTest {
    private static final DeviceSpec CAMERA_32 = DeviceSpec.of("1a000000.camera", "camera")
            .withDmaMask(DeviceSpec.bits(32));

    @Test
    @DisplayName("A18 / rule 82: beyond the mask without swiotlb: DMA_MAPPING_ERROR and the overflow WARN, once")
    void a18_beyondMaskWithoutSwiotlbIsMappingErrorWithWarn_rule82() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice cam = soc.device(CAMERA_32.withSwiotlb(false));
            PageRange high = soc.page(Zone.NORMAL);
            assertTrue(high.phys() > 0xffff_ffffL);
            long addr = soc.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);

            assertEquals(DmaMapping.DMA_MAPPING_ERROR, addr);
            assertTrue(soc.dma.mappingError(cam, addr));
            assertEquals(List.of(String.format(Locale.ROOT, "camera 1a000000.camera: DMA addr 0x%016x+4096 overflow"
                    + " (mask ffffffff, bus limit 0).", high.phys())), soc.warnings("overflow"));
            assertEquals(List.of(), soc.sim.dmaDebug().entries());
            assertEquals(0, soc.swiotlb().usedPages());
            assertEquals(0, soc.sim.counters().bytesBounced());

            soc.dma.mapPage(cam, high.pfn() + 1, 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(1, soc.warnings("overflow").size(), "dev_WARN_ONCE prints once");
        }
    }

    @Test
    @DisplayName("A18 / rules 82, 84: dma_map_sg beyond the mask without swiotlb returns 0, dma_map_sgtable EIO")
    void a18_sgBeyondMaskWithoutSwiotlbFails_rule84() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice cam = soc.device(CAMERA_32.withSwiotlb(false));
            SgTable t = soc.dma.sgTableOf(List.of(soc.page(Zone.DMA32), soc.page(Zone.NORMAL)));
            assertEquals(0, soc.dma.mapSg(cam, t, 2, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> soc.dma.mapSgtable(cam, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(Errno.EIO, e.errno());
            assertEquals(List.of(), soc.sim.dmaDebug().entries(), "the mapped first entry was unmapped again");
            assertEquals(1, soc.warnings("overflow").size());
        }
    }

    @Test
    @DisplayName("A18 / rules 82, 85: beyond the mask with swiotlb: bounced through a slot the device can reach")
    void a18_beyondMaskWithSwiotlbBounces_rule82() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice cam = soc.device(CAMERA_32);
            PageRange high = soc.page(Zone.NORMAL);
            soc.cpuFill(high.phys(), 4096, 0x11);
            long addr = soc.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);

            assertFalse(soc.dma.mappingError(cam, addr));
            assertTrue(soc.inSwiotlb(addr), () -> Long.toHexString(addr));
            assertTrue(addr + 4096 - 1 <= DeviceSpec.bits(32));
            assertEquals(1, soc.swiotlb().usedPages(), "two 2 KiB slots");
            assertEquals(4096, soc.sim.counters().bytesBounced());
            assertArrayEquals(Soc.filled(4096, 0x11), soc.deviceRead(cam, addr, 4096));

            soc.dma.unmapPage(cam, addr, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(0, soc.swiotlb().usedPages());
            assertEquals(4096, soc.sim.counters().bytesBounced(), "TO_DEVICE: no copy back at unmap");
            assertEquals(0, soc.sim.dmaDebug().errorCount());
            assertEquals(0, soc.sim.log().count(KernelLog.Level.WARN));
        }
    }

    @Test
    @DisplayName("A18 / rule 82: a reachable address is mapped at its physical address, no bounce")
    void a18_reachableAddressIsNotBounced_rule82() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice cam = soc.device(CAMERA_32);
            PageRange low = soc.page(Zone.DMA32);
            long addr = soc.dma.mapPage(cam, low.pfn(), 0x40, 256, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(low.phys() + 0x40, addr);
            assertEquals(0, soc.swiotlb().usedPages());
        }
    }

    @Test
    @DisplayName("A18 / rule 96: a coherent device gets no cache maintenance on map, sync or unmap")
    void a18_coherentDeviceNoCacheMaintenance_rule96() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice dev = soc.device(DeviceSpec.of("coh", "test").withCoherent(true));
            PageRange p = soc.page(Zone.NORMAL);
            soc.cpuFill(p.phys(), 64, 0x22);
            Counters before = soc.sim.counters();
            long addr = soc.dma.mapPage(dev, p.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            soc.dma.syncSingleForCpu(dev, addr, 4096, DmaDirection.BIDIRECTIONAL);
            soc.dma.syncSingleForDevice(dev, addr, 4096, DmaDirection.BIDIRECTIONAL);
            soc.dma.unmapPage(dev, addr, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

            Counters d = soc.sim.counters().minus(before);
            assertEquals(0, d.linesWalked());
            assertTrue(soc.sim.cache().isDirty(p.phys()), "the dirty line is left where it is");
            assertEquals(1, d.dmaMapCalls());
            assertEquals(2, d.dmaSyncCalls());
            assertEquals(1, d.dmaUnmapCalls());
        }
    }

    @Test
    @DisplayName("A18 / rules 86, 96: a coherent bounced device still gets the swiotlb copies")
    void a18_coherentBouncedDeviceStillCopies_rule96() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice dev = soc.device(CAMERA_32.withCoherent(true));
            PageRange high = soc.page(Zone.NORMAL);
            Counters before = soc.sim.counters();
            long addr = soc.dma.mapPage(dev, high.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            soc.dma.unmapPage(dev, addr, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            Counters d = soc.sim.counters().minus(before);
            assertEquals(0, d.linesWalked());
            assertEquals(8192, d.bytesBounced(), "copy in at map (v5.19+) and back at unmap");
        }
    }

    @ParameterizedTest
    @EnumSource(Arm64Era.class)
    @DisplayName("A18 / rule 98: DMA_ATTR_SKIP_CPU_SYNC: no cache maintenance on map or unmap")
    void a18_skipCpuSyncNoCacheMaintenance_rule98(Arm64Era era) {
        try (Soc soc = Soc.quiet(era)) {
            DmaDevice dev = soc.device(DeviceSpec.of("nc", "test"));
            PageRange p = soc.page(Zone.NORMAL);
            soc.cpuFill(p.phys(), 64, 0x33);
            Counters before = soc.sim.counters();
            long addr = soc.dma.mapPage(dev, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            assertEquals(1, soc.sim.dmaDebug().entries().size(), "the mapping itself is made");
            soc.dma.unmapPage(dev, addr, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
            Counters d = soc.sim.counters().minus(before);
            assertEquals(0, d.linesWalked());
            assertEquals(0, d.linesInvalidated() + d.linesWrittenBack());
            assertTrue(soc.sim.cache().isDirty(p.phys()));
            assertArrayEquals(new byte[64], soc.dram(p.phys(), 64), "nothing was written back");
        }
    }

    @Test
    @DisplayName("A18 / rules 86, 98: SKIP_CPU_SYNC on a bounced mapping up to v5.18: no copies, no maintenance")
    void a18_skipCpuSyncBouncedNoCopiesUpTo518_rule98() {
        try (Soc soc = Soc.quiet(Arm64Era.UP_TO_5_18)) {
            DmaDevice cam = soc.device(CAMERA_32);
            PageRange high = soc.page(Zone.NORMAL);
            Counters before = soc.sim.counters();
            long addr = soc.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
            assertTrue(soc.inSwiotlb(addr), "the slot is still taken");
            assertEquals(1, soc.swiotlb().usedPages());
            soc.dma.unmapPage(cam, addr, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
            Counters d = soc.sim.counters().minus(before);
            assertEquals(0, d.bytesBounced());
            assertEquals(0, d.linesWalked());
            assertEquals(0, soc.swiotlb().usedPages());
        }
    }
}
