// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

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
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DirectMappingTest {
    private static final DeviceSpec CAMERA_32 = DeviceSpec.of("1a000000.camera", "camera")
            .withDmaMask(DeviceSpec.bits(32));

    @Test
    @DisplayName("A18 / rule 82: beyond the mask without swiotlb: DMA_MAPPING_ERROR and the overflow WARN, once")
    void rule82_overflowWithoutSwiotlb() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped one = f.mapNewPage(CAMERA_32.withSwiotlb(false), DmaDirection.TO_DEVICE);

            assertEquals(DmaMapping.DMA_MAPPING_ERROR, one.addr());
            assertTrue(f.dma.mappingError(one.dev(), one.addr()));
            String expected = String.format(Locale.ROOT, "camera 1a000000.camera: DMA addr 0x%016x+4096 overflow "
                    + "(mask ffffffff, bus limit 0).", one.page().phys());
            assertEquals(List.of(expected), f.sim.log().grep("overflow").stream().map(KernelLog.Record::message)
                    .toList());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());

            f.dma.mapPage(one.dev(), one.page().pfn() + 1, 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(1, f.sim.log().grep("overflow").size(), "dev_WARN_ONCE prints once");
        }
    }

    @Test
    @DisplayName("rule 81: dma_capable uses min_not_zero(dma_mask, bus_dma_limit)")
    void rule81_busLimitBoundsTheMask() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("pcie0", "nvme").withBusDmaLimit(0xffff_ffffL).withSwiotlb(false));
            PageRange high = f.page(Zone.NORMAL);
            assertEquals(DmaMapping.DMA_MAPPING_ERROR,
                    f.dma.mapPage(dev, high.pfn(), 0, 64, DmaDirection.FROM_DEVICE, DmaAttrs.NONE));
            assertEquals(1, f.sim.log().grep("(mask ffffffffffffffff, bus limit ffffffff).").size());
            PageRange low = f.page(Zone.DMA32);
            assertEquals(low.phys(), f.dma.mapPage(dev, low.pfn(), 0, 64, DmaDirection.FROM_DEVICE, DmaAttrs.NONE));
        }
    }

    @Test
    @DisplayName("A18 / rules 82, 85: beyond the mask with swiotlb: bounced, the DMA address is a slot of the pool")
    void rule82_bouncesBeyondTheMask() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAMERA_32);
            PageRange high = f.page(Zone.NORMAL);
            f.cpuFill(high.phys(), 4096, 0x11);
            long addr = f.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);

            assertTrue(DmaFixture.inSwiotlb(addr), () -> Long.toHexString(addr));
            assertEquals(2, f.usedSwiotlbSlots());
            assertEquals(1, swiotlbStats(f).usedPages());
            assertEquals(4096, f.sim.counters().bytesBounced());
            assertArrayEquals(DmaFixture.filled(4096, 0x11), f.deviceRead(cam, addr, 4096));

            f.dma.unmapPage(cam, addr, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(0, f.usedSwiotlbSlots());
            assertEquals(4096, f.sim.counters().bytesBounced(), "TO_DEVICE: no copy back at unmap");
        }
    }

    @Test
    @DisplayName("rule 82: swiotlb=force bounces a capable address too; maxMappingSize is swiotlb's 256 KiB")
    void rule82_forceBounce() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("forced", "test").withForceBounce(true));
            PageRange low = f.page(Zone.DMA32);
            long addr = f.dma.mapPage(dev, low.pfn(), 0x80, 256, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertTrue(DmaFixture.inSwiotlb(addr));
            assertEquals(256 * 1024, f.dma.maxMappingSize(dev));
        }
    }

    @Test
    @DisplayName("rule 85: a segment over 256 KiB cannot bounce: the pool's message and DMA_MAPPING_ERROR")
    void rule85_tooLargeToBounce() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAMERA_32);
            PageRange big = f.pages(7, Zone.NORMAL);
            long addr = f.dma.mapPage(cam, big.pfn(), 0, 512 * 1024, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(DmaMapping.DMA_MAPPING_ERROR, addr);
            assertEquals(List.of("camera 1a000000.camera: swiotlb buffer is full (sz: 524288 bytes), total 32768 "
                    + "(slots), used 0 (slots)"), f.sim.log().grep("swiotlb buffer is full").stream()
                    .map(KernelLog.Record::message).toList());
            assertEquals(0, f.sim.counters().bytesBounced());
        }
    }

    @Test
    @DisplayName("A18 / rule 96: a coherent device gets no cache maintenance")
    void rule96_coherentDeviceNoMaintenance() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("coh", "test").withCoherent(true));
            PageRange p = f.page(Zone.NORMAL);
            f.cpuFill(p.phys(), 64, 0x22);
            Counters before = f.sim.counters();
            long addr = f.dma.mapPage(dev, p.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            f.dma.syncSingleForCpu(dev, addr, 4096, DmaDirection.BIDIRECTIONAL);
            f.dma.unmapPage(dev, addr, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

            Counters d = f.sim.counters().minus(before);
            assertEquals(0, d.linesWalked());
            assertTrue(f.sim.cache().isDirty(p.phys()));
            assertEquals(1, d.dmaMapCalls());
            assertEquals(1, d.dmaSyncCalls());
            assertEquals(1, d.dmaUnmapCalls());
        }
    }

    @Test
    @DisplayName("A18 / rule 96: a coherent bounced device still gets the swiotlb copies")
    void rule96_coherentStillBounces() {
        try (DmaFixture f = DmaFixture.quiet()) {
            Counters d = mapUnmap(f, f.device(CAMERA_32.withCoherent(true)), f.page(Zone.NORMAL),
                    DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(0, d.linesWalked());
            assertEquals(8192, d.bytesBounced(), "copy in at map (v5.19+) and back at unmap");
        }
    }

    @Test
    @DisplayName("A18 / rule 98: DMA_ATTR_SKIP_CPU_SYNC: no maintenance on map or unmap")
    void rule98_skipCpuSyncNoMaintenance() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("nc", "test"));
            PageRange p = f.page(Zone.NORMAL);
            f.cpuFill(p.phys(), 64, 0x33);
            assertEquals(0, mapUnmap(f, dev, p, DmaDirection.FROM_DEVICE, DmaAttrs.SKIP_CPU_SYNC).linesWalked());
            assertTrue(f.sim.cache().isDirty(p.phys()));
        }
    }

    @Test
    @DisplayName("A18 / rules 86, 98: SKIP_CPU_SYNC on a bounced mapping, up to v5.18: no copies at all")
    void rule86_skipCpuSyncNoCopiesUpTo518() {
        try (DmaFixture f = DmaFixture.quiet(Arm64Era.UP_TO_5_18)) {
            Counters d = mapUnmap(f, f.device(CAMERA_32), f.page(Zone.NORMAL), DmaDirection.BIDIRECTIONAL,
                    DmaAttrs.SKIP_CPU_SYNC);
            assertEquals(0, d.bytesBounced());
            assertEquals(0, d.linesWalked());
        }
    }

    @Test
    @DisplayName("rule 86: from v5.19 the map-time copy is unconditional (even SKIP_CPU_SYNC); unmap with SKIP"
            + " copies nothing back")
    void rule86_mapCopyAlwaysFrom519() {
        try (DmaFixture f = DmaFixture.quiet(Arm64Era.FROM_5_19)) {
            Counters d = mapUnmap(f, f.device(CAMERA_32), f.page(Zone.NORMAL), DmaDirection.FROM_DEVICE,
                    DmaAttrs.SKIP_CPU_SYNC);
            assertEquals(4096, d.bytesBounced());
            assertEquals(0, d.linesWalked());
        }
    }

    @Test
    @DisplayName("rule 86: up to v5.18 a FROM_DEVICE bounce is not filled at map time")
    void rule86_noFromDeviceCopyUpTo518() {
        try (DmaFixture f = DmaFixture.quiet(Arm64Era.UP_TO_5_18)) {
            DmaDevice cam = f.device(CAMERA_32);
            PageRange high = f.page(Zone.NORMAL);
            f.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(0, f.sim.counters().bytesBounced());
            f.dma.mapPage(cam, high.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(4096, f.sim.counters().bytesBounced());
        }
    }

    @Test
    @DisplayName("rule 80: phys_to_dma subtracts the dma-ranges offset; the device reaches the page at that address")
    void rule80_dmaOffset() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("offs", "test").withDmaOffset(0x8000_0000L));
            PageRange p = f.page(Zone.DMA32);
            f.cpuFill(p.phys(), 128, 0x44);
            long addr = f.dma.mapPage(dev, p.pfn(), 0, 128, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(p.phys() - 0x8000_0000L, addr);
            assertArrayEquals(DmaFixture.filled(128, 0x44), f.deviceRead(dev, addr, 128));
        }
    }

    @Test
    @DisplayName("rule 84: dma-direct map_sg maps entry by entry without merging and returns nents")
    void rule84_noMerging() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("nc", "test"));
            PageRange block = f.pages(2, Zone.NORMAL);
            SgTable three = f.dma.sgTableOf(List.of(new PageRange(block.pfn(), 1), new PageRange(block.pfn() + 1, 1),
                    new PageRange(block.pfn() + 2, 1)));
            assertEquals(3, f.dma.mapSg(dev, three, 3, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            for (int i = 0; i < 3; i++) {
                assertEquals(three.get(i).phys(), three.get(i).dmaAddress());
                assertEquals(4096, three.get(i).dmaLength());
            }
            assertEquals(3, f.sim.dmaDebug().entries("nc").size());
        }
    }

    @Test
    @DisplayName("rule 84: one entry failing unmaps the mapped ones (slots freed) and dma_map_sgtable says -EIO")
    void rule84_failureUnmapsMappedEntries() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAMERA_32);
            PageRange small = f.page(Zone.NORMAL);
            PageRange big = f.pages(7, Zone.NORMAL);
            SgTable t = f.dma.sgTableOf(List.of(small, big));
            assertEquals(0, f.dma.mapSg(cam, t, 2, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(0, f.usedSwiotlbSlots());
            assertEquals(DmaMapping.DMA_MAPPING_ERROR, t.get(1).dmaAddress());

            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> f.dma.mapSgtable(cam, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(Errno.EIO, e.errno());
            assertEquals(2, t.nents(), "nents untouched by a failed dma_map_sgtable");
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            assertEquals(0, ((DeviceImpl) cam).liveMappings());
        }
    }

    @Test
    @DisplayName("rule 85: dma_max_mapping_size is 256 KiB only for a device that may bounce")
    void rule85_maxMappingSize() {
        try (DmaFixture f = DmaFixture.quiet()) {
            assertEquals(256 * 1024, f.dma.maxMappingSize(f.device(CAMERA_32)));
            assertEquals(Long.MAX_VALUE, f.dma.maxMappingSize(f.device(DeviceSpec.of("wide", "t"))));
            assertEquals(Long.MAX_VALUE, f.dma.maxMappingSize(f.device(DeviceSpec.of("narrow", "t")
                    .withDmaMask(DeviceSpec.bits(32)).withSwiotlb(false))));
            assertEquals(Long.MAX_VALUE, f.dma.maxMappingSize(f.device(DeviceSpec.of("smmu", "t")
                    .withDmaMask(DeviceSpec.bits(32)).withIommu(org.dmabufsim.dma.IommuSpec.strict()))));
        }
    }

    @Test
    @DisplayName("rule 85: without a swiotlb region nothing bounces and nothing is capped")
    void rule85_noPool() {
        try (DmaFixture f = DmaFixture.of(org.dmabufsim.sim.SimulationConfig.defaults()
                .withMemory(org.dmabufsim.mem.MemoryLayout.defaults().withoutReserved("swiotlb")))) {
            DmaDevice cam = f.device(CAMERA_32);
            assertEquals(Long.MAX_VALUE, f.dma.maxMappingSize(cam));
            PageRange high = f.page(Zone.NORMAL);
            assertEquals(DmaMapping.DMA_MAPPING_ERROR,
                    f.dma.mapPage(cam, high.pfn(), 0, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertFalse(f.sim.log().grep("DMA addr").isEmpty());
        }
    }

    /** {@code dma_map_page} and {@code dma_unmap_page} of one page; returns the counters they moved. */
    private static Counters mapUnmap(DmaFixture f, DmaDevice dev, PageRange page, DmaDirection dir, DmaAttrs attrs) {
        Counters before = f.sim.counters();
        long addr = f.dma.mapPage(dev, page.pfn(), 0, 4096, dir, attrs);
        f.dma.unmapPage(dev, addr, 4096, dir, attrs);
        return f.sim.counters().minus(before);
    }

    private static RegionStats swiotlbStats(DmaFixture f) {
        return f.sim.memory().stats().stream().filter(s -> s.name().equals("swiotlb")).findFirst().orElseThrow();
    }
}
