// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

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
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A20: dma-iommu: one IOVA range per sg list, merging, IOVA placement and permissions (rules 89-94). */
class A20IommuMappingTest {
    private static final String NAME = "fd000000.gpu";
    private static final DeviceSpec GPU = DeviceSpec.of(NAME, "gpu").withDmaMask(DeviceSpec.bits(32))
            .withIommu(IommuSpec.strict());

    /** {@code count} pages that are not physically adjacent: every other page of a block, last first. */
    private static List<Long> scattered(Soc soc, int count) {
        int order = 64 - Long.numberOfLeadingZeros(2L * count - 1);
        PageRange block = soc.pages(order, Zone.NORMAL);
        List<Long> pfns = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            pfns.add(block.pfn() + 2L * i);
        }
        return pfns;
    }

    @Test
    @DisplayName("A20 / rules 89, 90, 94: 16 scattered pages map to one contiguous, size-aligned IOVA range")
    void a20_scatteredPagesMapToOneContiguousIovaRange_rule89() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice gpu = soc.device(GPU);
            List<Long> pfns = scattered(soc, 16);
            SgTable t = soc.dma.sgTableFromPages(pfns);
            assertEquals(16, t.origNents());
            soc.dma.mapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

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
            assertEquals(1, soc.sim.dmaDebug().entries(NAME).size(), "dma-debug records the merged segment");
        }
    }

    @Test
    @DisplayName("A20 / rule 90: the returned nents is the merged count, bounded by max_seg_size")
    void a20_returnedNentsIsMergedCountBoundedByMaxSegSize_rule90() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice gpu = soc.device(GPU);
            SgTable t = soc.dma.sgTableFromPages(scattered(soc, 32));
            assertEquals(2, soc.dma.mapSg(gpu, t, 32, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(64 * 1024, t.get(0).dmaLength());
            assertEquals(64 * 1024, t.get(1).dmaLength());
            assertEquals(t.get(0).dmaAddress() + 64 * 1024, t.get(1).dmaAddress());
            assertEquals(32, t.nents(), "dma_map_sg (not _sgtable) leaves sgt->nents alone");

            DmaDevice small = soc.device(DeviceSpec.of("fd100000.gpu", "gpu").withMaxSegmentSize(16 * 1024)
                    .withIommu(IommuSpec.strict()));
            SgTable u = soc.dma.sgTableFromPages(scattered(soc, 16));
            assertEquals(4, soc.dma.mapSg(small, u, 16, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            for (int i = 0; i < 4; i++) {
                assertEquals(16 * 1024, u.get(i).dmaLength());
                assertEquals(u.get(0).dmaAddress() + i * 16 * 1024L, u.get(i).dmaAddress());
            }
            assertEquals(1, small.iommu().orElseThrow().iovaRanges().size(), "still one IOVA allocation");
        }
    }

    @ParameterizedTest(name = "{0} pages")
    @ValueSource(ints = {1, 2, 3, 5, 8, 13, 16, 31, 32, 33, 47})
    @DisplayName("A20 / rule 94: the IOVA is never 0, within the mask, aligned to the power of two >= its size")
    void a20_iovaIsNonZeroWithinMaskAndSizeAligned_rule94(int pages) {
        try (Soc soc = Soc.quiet()) {
            DmaDevice gpu = soc.device(GPU.withMaxSegmentSize(1L << 20));
            for (int round = 0; round < 3; round++) {
                SgTable t = soc.dma.sgTableFromPages(scattered(soc, pages));
                soc.dma.mapSgtable(gpu, t, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            }
            long pow2 = Long.highestOneBit(2L * pages - 1);
            long granules = pages < 32 ? pow2 : pages; // alloc_iova_fast rounds only sizes below 32 granules
            List<IovaRange> ranges = gpu.iommu().orElseThrow().iovaRanges();
            assertEquals(3, ranges.size());
            for (IovaRange r : ranges) {
                assertNotEquals(0, r.start());
                assertTrue(Long.compareUnsigned(r.end() - 1, DeviceSpec.bits(32)) <= 0, () -> r.toString());
                assertEquals(granules * 4096, r.size(), r.toString());
                assertEquals(0, r.start() % (pow2 * 4096), () -> "aligned to the power of two >= size: " + r);
            }
        }
    }

    @Test
    @DisplayName("A20 / rules 91, 94: a full IOVA space fails with ENOMEM (dma_map_sg: 0) and never hands out IOVA 0")
    void a20_fullIovaSpaceFailsWithoutIovaZero_rule94() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice tiny = soc.device(DeviceSpec.of("tiny", "tiny").withDmaMask(DeviceSpec.bits(20))
                    .withIommu(IommuSpec.strict()));
            PageRange page = soc.page(Zone.NORMAL);
            int mapped = 0;
            long addr;
            while ((addr = soc.dma.mapPage(tiny, page.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE))
                    != DmaMapping.DMA_MAPPING_ERROR) {
                assertNotEquals(0, addr);
                mapped++;
                assertTrue(mapped < 256, "a 1 MiB space holds at most 255 pages above IOVA 0");
            }
            assertEquals(255, mapped);
            SgTable t = soc.dma.sgTableOf(List.of(page));
            assertEquals(0, soc.dma.mapSg(tiny, t, 1, DmaDirection.TO_DEVICE, DmaAttrs.NONE));
            assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class,
                    () -> soc.dma.mapSgtable(tiny, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE)).errno());
        }
    }

    @Test
    @DisplayName("A20 / rule 93: a device write into a TO_DEVICE mapping is a permission fault, as a value")
    void a20_toDeviceMappingIsNotWritableByTheDevice_rule93() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice gpu = soc.device(GPU);
            PageRange p = soc.page(Zone.NORMAL);
            long addr = soc.dma.mapPage(gpu, p.pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            IommuMapping leaf = gpu.iommu().orElseThrow().mappings().get(0);
            assertEquals(new IommuProt(IommuProt.READ), leaf.prot());
            assertEquals(IommuPerm.RO, leaf.perm());

            DmaJobResult r = soc.run(gpu, new DmaStep.Fill(addr + 64, 64, (byte) 1));
            assertFalse(r.ok());
            assertEquals(MemTxResult.ACCESS_ERROR, r.step(0).result());
            assertEquals(0, r.step(0).bytesDone());
            IommuFault fault = r.step(0).fault();
            assertEquals(new IommuFault(NAME, addr + 64, true, IommuFault.Reason.PERMISSION, fault.timeNs()), fault);
            assertEquals(List.of(fault), gpu.iommu().orElseThrow().faults());
            assertEquals(1, soc.sim.counters().iommuFaults());
            assertEquals(0, soc.sim.counters().deviceBytesWritten());
            assertArrayEquals(new byte[64], soc.dram(p.phys() + 64, 64));
            assertArrayEquals(new byte[64], soc.deviceRead(gpu, addr + 64, 64), "reading it is allowed");
        }
    }

    @Test
    @DisplayName("A20 / rule 93: LPAE stage 1 cannot express write-only: the device may read a FROM_DEVICE mapping")
    void a20_fromDeviceMappingIsReadableOnLpae_rule93() {
        try (Soc soc = Soc.quiet()) {
            DmaDevice gpu = soc.device(GPU);
            PageRange p = soc.page(Zone.NORMAL);
            soc.sim.memory().writeDram(p.phys(), Soc.filled(32, 0x3c), 0, 32);
            long addr = soc.dma.mapPage(gpu, p.pfn(), 0, 4096, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            IommuMapping leaf = gpu.iommu().orElseThrow().mappings().get(0);
            assertEquals(new IommuProt(IommuProt.WRITE), leaf.prot());
            assertEquals(IommuPerm.RW, leaf.perm());
            assertArrayEquals(Soc.filled(32, 0x3c), soc.deviceRead(gpu, addr, 32));
        }
    }
}
