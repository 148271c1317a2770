// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.PageTableFormat;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A20 and rules 89-94: dma-iommu through the DMA mapping API. */
class IommuMappingTest {
    private static final DeviceSpec GPU = DeviceSpec.of("fd000000.gpu", "gpu").withDmaMask(DeviceSpec.bits(32))
            .withIommu(IommuSpec.strict());

    /** {@code count} pages that are not physically adjacent: every other page of a block, last first. */
    private static List<Long> scattered(DmaFixture f, int count) {
        int order = 64 - Long.numberOfLeadingZeros(2L * count - 1);
        PageRange block = f.pages(order, Zone.NORMAL);
        List<Long> pfns = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            pfns.add(block.pfn() + 2L * i);
        }
        return pfns;
    }

    @Test
    @DisplayName("A20 / rules 89, 90, 94: N scattered pages map to one contiguous, size-aligned IOVA range")
    void rule89_scatteredPagesOneIovaRange() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            List<Long> pfns = scattered(f, 16);
            SgTable t = f.dma.sgTableFromPages(pfns);
            assertEquals(16, t.origNents());
            f.dma.mapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

            assertEquals(1, t.nents(), "16 x 4 KiB = max_seg_size 64 KiB: one DMA segment");
            IommuDomainView dom = gpu.iommu().orElseThrow();
            List<IovaRange> ranges = dom.iovaRanges();
            assertEquals(1, ranges.size());
            IovaRange r = ranges.get(0);
            assertEquals(64 * 1024, r.size());
            assertNotEquals(0, r.start());
            assertEquals(0, r.start() % (64 * 1024));
            assertTrue(r.end() - 1 <= DeviceSpec.bits(32));
            assertEquals(r.start(), t.get(0).dmaAddress());
            assertEquals(64 * 1024, t.get(0).dmaLength());
            for (int i = 1; i < 16; i++) {
                assertEquals(DmaMapping.DMA_MAPPING_ERROR, t.get(i).dmaAddress());
                assertEquals(0, t.get(i).dmaLength());
            }
            List<IommuMapping> leaves = dom.mappings();
            assertEquals(16, leaves.size());
            for (int i = 0; i < 16; i++) {
                assertEquals(r.start() + i * 4096L, leaves.get(i).iova());
                assertEquals(pfns.get(i) << 12, leaves.get(i).phys());
            }
            assertEquals(1, f.sim.dmaDebug().entries("fd000000.gpu").size());
        }
    }

    @Test
    @DisplayName("A20 / rule 90: merged segments are bounded by max_seg_size")
    void rule90_mergeBoundedByMaxSegSize() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            SgTable t = f.dma.sgTableFromPages(scattered(f, 32));
            f.dma.mapSgtable(gpu, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(2, t.nents());
            assertEquals(64 * 1024, t.get(0).dmaLength());
            assertEquals(64 * 1024, t.get(1).dmaLength());
            assertEquals(t.get(0).dmaAddress() + 64 * 1024, t.get(1).dmaAddress());

            DmaDevice small = f.device(DeviceSpec.of("fd100000.gpu", "gpu").withMaxSegmentSize(16 * 1024)
                    .withIommu(IommuSpec.strict()));
            SgTable u = f.dma.sgTableFromPages(scattered(f, 16));
            assertEquals(4, f.dma.mapSg(small, u, 16, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            for (int i = 0; i < 4; i++) {
                assertEquals(16 * 1024, u.get(i).dmaLength());
                assertEquals(u.get(0).dmaAddress() + i * 16 * 1024L, u.get(i).dmaAddress());
            }
            assertEquals(16, u.nents(), "dma_map_sg (not _sgtable) leaves sgt->nents alone");
        }
    }

    @Test
    @DisplayName("rule 89: a segment's offset into its first granule is kept in the DMA address")
    void rule89_offsetStashed() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            PageRange p = f.page(Zone.NORMAL);
            SgTable t = f.dma.newSgTable(List.of(new SgSegment(p.pfn(), 0x100, 0x200)));
            assertEquals(1, f.dma.mapSg(gpu, t, 1, DmaDirection.FROM_DEVICE, DmaAttrs.NONE));
            IovaRange r = gpu.iommu().orElseThrow().iovaRanges().get(0);
            assertEquals(r.start() + 0x100, t.get(0).dmaAddress());
            assertEquals(0x200, t.get(0).dmaLength());
            assertEquals(4096, r.size());
        }
    }

    @Test
    @DisplayName("rule 89: padding keeps a segment from crossing the segment boundary; no merge across it")
    void rule89_boundaryPadding() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("isp", "isp").withSegmentBoundaryMask(0xffff)
                    .withMaxSegmentSize(1 << 20).withIommu(IommuSpec.strict()));
            PageRange a = f.pages(4, Zone.NORMAL);
            PageRange b = f.pages(3, Zone.NORMAL);
            SgTable t = f.dma.newSgTable(List.of(new SgSegment(a.pfn(), 0, 48 * 1024),
                    new SgSegment(b.pfn(), 0, 32 * 1024)));
            assertEquals(2, f.dma.mapSg(dev, t, 2, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE));
            long iova = t.get(0).dmaAddress();
            assertEquals(48 * 1024, t.get(0).dmaLength());
            assertEquals(iova + 64 * 1024, t.get(1).dmaAddress());
            assertEquals(32 * 1024, t.get(1).dmaLength());
            IommuDomainView dom = dev.iommu().orElseThrow();
            assertEquals(24, dom.mappedPages(), "the first segment is mapped with its 16 KiB of padding");
            assertEquals(new IovaRange(iova, iova + 128 * 1024, false), dom.iovaRanges().get(0),
                    "96 KiB rounded to a power of two below 32 granules");
            assertEquals(0, f.sim.dmaDebug().errorCount(), "no segment crosses the boundary");
        }
    }

    @Test
    @DisplayName("rule 92: unmap_sg unmaps the whole IOVA range at once and frees it (strict domain)")
    void rule92_unmapWholeRange() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            SgTable t = f.dma.sgTableFromPages(scattered(f, 32));
            f.dma.mapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            long invalidations = f.sim.counters().iotlbInvalidations();
            f.dma.unmapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

            IommuDomainView dom = gpu.iommu().orElseThrow();
            assertEquals(0, dom.mappedPages());
            assertTrue(dom.iovaRanges().isEmpty());
            assertEquals(1, f.sim.counters().iotlbInvalidations() - invalidations);
            assertEquals(32, f.sim.counters().iommuPagesUnmapped());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            assertEquals(0, f.sim.dmaDebug().errorCount());
            assertEquals(0, ((DeviceImpl) gpu).liveMappings());
        }
    }

    @Test
    @DisplayName("A20 / rule 93: a device write into a TO_DEVICE mapping is a permission fault, as a value")
    void rule93_writeToDeviceMappingFaults() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped one = f.mapNewPage(GPU, DmaDirection.TO_DEVICE);
            assertEquals(IommuPerm.RO, one.dev().iommu().orElseThrow().mappings().get(0).perm());

            DmaJobResult r = one.dev().queue().run(DmaJob.of("scribble",
                    new DmaStep.Fill(one.addr() + 64, 64, (byte) 1)));
            assertFalse(r.ok());
            assertEquals(MemTxResult.ACCESS_ERROR, r.step(0).result());
            assertEquals(0, r.step(0).bytesDone());
            IommuFault fault = r.step(0).fault();
            assertEquals(new IommuFault("fd000000.gpu", one.addr() + 64, true, IommuFault.Reason.PERMISSION,
                    fault.timeNs()), fault);
            assertEquals(List.of(fault), one.dev().iommu().orElseThrow().faults());
            assertEquals(1, f.sim.counters().iommuFaults());
            assertEquals(0, f.sim.counters().deviceBytesWritten());
            assertArrayEquals(new byte[64], f.dram(one.page().phys() + 64, 64));
        }
    }

    @Test
    @DisplayName("A20 / rule 93: LPAE stage 1 cannot express write-only: a device may read a FROM_DEVICE mapping")
    void rule93_readOfFromDeviceMappingAllowed() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            PageRange p = f.page(Zone.NORMAL);
            f.sim.memory().writeDram(p.phys(), DmaFixture.filled(32, 0x3c), 0, 32);
            long addr = f.dma.mapPage(gpu, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            IommuMapping leaf = gpu.iommu().orElseThrow().mappings().get(0);
            assertEquals(new IommuProt(IommuProt.WRITE), leaf.prot());
            assertEquals(IommuPerm.RW, leaf.perm());
            assertArrayEquals(DmaFixture.filled(32, 0x3c), f.deviceRead(gpu, addr, 32));
        }
    }

    @Test
    @DisplayName("rule 93: a coherent device maps with IOMMU_CACHE and gets no maintenance")
    void rule93_coherentMapsWithCache() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU.withCoherent(true));
            SgTable t = f.dma.sgTableFromPages(scattered(f, 4));
            long walked = f.sim.counters().linesWalked();
            f.dma.mapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE.with(DmaAttrs.PRIVILEGED_BIT));
            for (IommuMapping m : gpu.iommu().orElseThrow().mappings()) {
                assertEquals(IommuProt.READ | IommuProt.WRITE | IommuProt.CACHE | IommuProt.PRIV, m.prot().bits());
            }
            f.dma.unmapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertEquals(walked, f.sim.counters().linesWalked());
        }
    }

    @Test
    @DisplayName("rules 89, 92: non-coherent map_sg and unmap_sg maintain each original segment (sg_phys)")
    void rule89_maintenancePerOriginalSegment() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            List<Long> pfns = scattered(f, 4);
            SgTable t = f.dma.sgTableFromPages(pfns);
            for (long pfn : pfns) {
                f.cpuFill(pfn << 12, 64, 0x77);
            }
            long walked = f.sim.counters().linesWalked();
            f.dma.mapSgtable(gpu, t, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(4 * 64, f.sim.counters().linesWalked() - walked);
            for (long pfn : pfns) {
                assertTrue(f.sim.cache().isPresent(pfn << 12), "v5.19 cleans for DMA_FROM_DEVICE");
                assertFalse(f.sim.cache().isDirty(pfn << 12));
            }
            f.dma.unmapSgtable(gpu, t, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            assertEquals(8 * 64, f.sim.counters().linesWalked() - walked);
            for (long pfn : pfns) {
                assertFalse(f.sim.cache().isPresent(pfn << 12));
            }
        }
    }

    @Test
    @DisplayName("rule 91: IOVA space exhausted: dma_map_sg returns 0, dma_map_sgtable -ENOMEM, entries invalidated")
    void rule91_iovaExhausted() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("tiny", "test")
                    .withIommu(new IommuSpec(IommuDomainType.DMA, 20, PageTableFormat.ARM_64_LPAE_S1, 256)));
            SgTable t = f.dma.sgTableOf(List.of(f.pages(9, Zone.NORMAL)));
            assertEquals(0, f.dma.mapSg(dev, t, 1, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(DmaMapping.DMA_MAPPING_ERROR, t.get(0).dmaAddress());
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> f.dma.mapSgtable(dev, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(Errno.ENOMEM, e.errno());
            assertTrue(dev.iommu().orElseThrow().iovaRanges().isEmpty());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            PageRange p = f.page(Zone.NORMAL);
            assertEquals(DmaMapping.DMA_MAPPING_ERROR,
                    f.dma.mapPage(dev, p.pfn(), 0, 2 << 20, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
        }
    }

    @Test
    @DisplayName("rule 91: iommu_map failing part way: what was mapped is unmapped, the IOVA freed, -EINVAL")
    void rule91_mapFailureUndone() {
        MemoryLayout layout = new MemoryLayout(List.of(new DramBank(MemoryLayout.LOW_BANK_BASE, MemoryLayout.GIB),
                new DramBank(1L << 48, MemoryLayout.GIB)), List.of());
        try (DmaFixture f = DmaFixture.of(SimulationConfig.defaults().withMemory(layout)
                .withCache(CacheConfig.quiet()))) {
            DmaDevice dev = f.device(DeviceSpec.of("smmu", "test").withIommu(IommuSpec.strict()));
            PageRange low = f.page(Zone.DMA32);
            PageRange beyondOas = f.page(Zone.NORMAL);
            assertTrue(beyondOas.phys() >= 1L << 48);
            SgTable t = f.dma.sgTableOf(List.of(low, beyondOas));
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> f.dma.mapSgtable(dev, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(Errno.EINVAL, e.errno());
            IommuDomainView dom = dev.iommu().orElseThrow();
            assertEquals(0, dom.mappedPages());
            assertTrue(dom.iovaRanges().isEmpty());
            assertEquals(1, f.sim.counters().iommuPagesUnmapped());
            assertEquals(DmaMapping.DMA_MAPPING_ERROR, t.get(0).dmaAddress());
        }
    }

    @Test
    @DisplayName("rule 94: single mappings: IOVA never 0, size-aligned, below the limit; handle keeps the offset")
    void rule94_mapPageIova() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            PageRange p = f.pages(2, Zone.NORMAL);
            long handle = f.dma.mapPage(gpu, p.pfn(), 0x234, 3 * 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertEquals(0x234, handle & 0xfff);
            IovaRange r = gpu.iommu().orElseThrow().iovaRanges().get(0);
            assertEquals(handle - 0x234, r.start());
            assertEquals(4 * 4096, r.size(), "3 pages + offset = 4 granules, a power of two");
            assertEquals(0, r.start() % (4 * 4096));
            assertNotEquals(0, r.start());
            assertTrue(r.end() - 1 <= DeviceSpec.bits(32));
            f.dma.unmapPage(gpu, handle, 3 * 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertTrue(gpu.iommu().orElseThrow().iovaRanges().isEmpty());
            assertEquals(0, f.sim.dmaDebug().errorCount(org.dmabufsim.dma.DmaDebugError.UNMAP_NOT_ALLOCATED));
        }
    }

    @Test
    @DisplayName("rule 57a: dma-iommu single syncs maintain the page found by iommu_iova_to_phys")
    void rule57a_singleSyncUsesIovaToPhys() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped one = f.mapNewPage(GPU, DmaDirection.FROM_DEVICE);
            f.cpuRead(one.page().phys() + 128, 64);
            assertTrue(f.sim.cache().isPresent(one.page().phys() + 128));
            f.dma.syncSingleRangeForCpu(one.dev(), one.addr(), 128, 64, DmaDirection.FROM_DEVICE);
            assertFalse(f.sim.cache().isPresent(one.page().phys() + 128));
            assertEquals(0, f.warnings());
        }
    }
}
