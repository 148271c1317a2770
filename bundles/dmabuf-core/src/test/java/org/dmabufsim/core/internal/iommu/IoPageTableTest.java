// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IotlbEntry;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IoPageTableTest {
    private static final long K4 = 0x1000;
    private static final long M2 = 0x20_0000;
    private static final long G1 = 0x4000_0000;
    private static final IommuProt RW = new IommuProt(IommuProt.READ | IommuProt.WRITE);

    private final Fixture fx = new Fixture();
    private final IoPageTable pt = fx.pageTable();

    private List<Long> leafSizes() {
        return pt.mappings().stream().map(IommuMapping::size).toList();
    }

    @Test
    @DisplayName("a 2 MiB-aligned iova and phys map one 2 MiB block: 512 pages counted, one PTE charged")
    void blockWhenBothAligned() {
        assertEquals(M2, pt.map(0x20_0000, 0x8020_0000L, M2, RW));
        assertEquals(List.of(M2), leafSizes());
        assertEquals(512, pt.mappedPages());
        assertEquals(512, fx.stats.iommuPagesMapped.sum());
        assertEquals(20.0, fx.stats.cpuNs()); // iommuMapNsPerPage once
    }

    @Test
    @DisplayName("an iova aligned only to 4 KiB maps 512 pages and pays for 512 PTEs")
    void pagesWhenIovaUnaligned() {
        pt.map(0x20_1000, 0x8020_0000L, M2, RW);
        assertEquals(512, pt.leafCount());
        assertEquals(512, pt.mappedPages());
        assertEquals(512 * 20.0, fx.stats.cpuNs());
    }

    @Test
    @DisplayName("a phys aligned only to 4 KiB forces pages even for an aligned iova")
    void pagesWhenPhysUnaligned() {
        pt.map(0x20_0000, 0x8020_1000L, M2, RW);
        assertEquals(512, pt.leafCount());
    }

    @Test
    @DisplayName("iommu_pgsize: pages up to the block boundary, the block, pages after")
    void mixedLeaves() {
        pt.map(0x1f_f000, 0x801f_f000L, M2 + 2 * K4, RW);
        assertEquals(List.of(K4, M2, K4), leafSizes());
        assertEquals(514, pt.mappedPages());
        assertEquals(List.of(0x1f_f000L, 0x20_0000L, 0x40_0000L),
                pt.mappings().stream().map(IommuMapping::iova).toList());
    }

    @Test
    @DisplayName("a 1 GiB-aligned gigabyte is one 1 GiB block")
    void gigabyteBlock() {
        pt.map(G1, 0x1_0000_0000L, G1, RW);
        assertEquals(List.of(G1), leafSizes());
        assertEquals(262_144, pt.mappedPages());
        assertEquals(Optional.of(new IotlbEntry(G1, 0x1_0000_0000L, G1 - 1, IommuPerm.RW)), pt.walk(G1 + 0x1234_5678));
    }

    @Test
    @DisplayName("rule 93: LPAE S1 stores TO_DEVICE (READ) read-only, FROM_DEVICE (WRITE) and BIDIRECTIONAL read-write")
    void rule93_lpaePermissions() {
        assertEquals(IommuPerm.RO, IoPageTable.permOf(IommuProt.of(DmaDirection.TO_DEVICE, false, DmaAttrs.NONE)));
        assertEquals(IommuPerm.RW, IoPageTable.permOf(IommuProt.of(DmaDirection.FROM_DEVICE, false, DmaAttrs.NONE)));
        assertEquals(IommuPerm.RW, IoPageTable.permOf(IommuProt.of(DmaDirection.BIDIRECTIONAL, true, DmaAttrs.NONE)));
        assertEquals(IommuPerm.NONE, IoPageTable.permOf(IommuProt.of(DmaDirection.NONE, false, DmaAttrs.NONE)));
    }

    @Test
    @DisplayName("rule 93: dma_info_to_prot bits per direction, coherency and DMA_ATTR_PRIVILEGED")
    void rule93_protBits() {
        assertEquals(IommuProt.READ, IommuProt.of(DmaDirection.TO_DEVICE, false, DmaAttrs.NONE).bits());
        assertEquals(IommuProt.WRITE, IommuProt.of(DmaDirection.FROM_DEVICE, false, DmaAttrs.NONE).bits());
        assertEquals(IommuProt.READ | IommuProt.WRITE | IommuProt.CACHE,
                IommuProt.of(DmaDirection.BIDIRECTIONAL, true, DmaAttrs.NONE).bits());
        assertEquals(IommuProt.READ | IommuProt.PRIV,
                IommuProt.of(DmaDirection.TO_DEVICE, false, new DmaAttrs(DmaAttrs.PRIVILEGED_BIT)).bits());
        assertEquals(0, IommuProt.of(DmaDirection.NONE, true, DmaAttrs.NONE).bits() & ~IommuProt.CACHE);
    }

    @Test
    @DisplayName("a WRITE-only request is stored read-write; the asked prot is kept on the leaf")
    void writeOnlyBecomesReadWrite() {
        IommuProt wo = new IommuProt(IommuProt.WRITE);
        pt.map(0x1000, 0x8000_0000L, K4, wo);
        assertEquals(List.of(new IommuMapping(0x1000, 0x8000_0000L, K4, wo, IommuPerm.RW)), pt.mappings());
    }

    @Test
    @DisplayName("no READ and no WRITE: nothing to do, nothing mapped, 0 returned")
    void noAccessMapsNothing() {
        assertEquals(0, pt.map(0x1000, 0x8000_0000L, K4, new IommuProt(IommuProt.CACHE)));
        assertEquals(0, pt.leafCount());
        assertEquals(0, fx.stats.iommuPagesMapped.sum());
    }

    @Test
    @DisplayName("mapping over a live leaf is -EEXIST and leaves nothing of the new mapping")
    void eexistOnOverlap() {
        pt.map(0x20_3000, 0x9000_0000L, K4, RW);
        ErrnoException e = assertThrows(ErrnoException.class, () -> pt.map(0x20_0000, 0x8000_0000L, 5 * K4, RW));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of(new IommuMapping(0x20_3000, 0x9000_0000L, K4, RW, IommuPerm.RW)), pt.mappings());
        assertEquals(3 * K4, pt.rolledBack());
        assertEquals(4, fx.stats.iommuPagesMapped.sum());
        assertEquals(3, fx.stats.iommuPagesUnmapped.sum());
        assertEquals(1, fx.log.grep("We require an unmap first").size());
    }

    @Test
    @DisplayName("a block over existing pages is -EEXIST too")
    void eexistBlockOverPages() {
        pt.map(0x20_1000, 0x8020_1000L, K4, RW);
        ErrnoException e = assertThrows(ErrnoException.class, () -> pt.map(0x20_0000, 0x8020_0000L, M2, RW));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(1, pt.leafCount());
    }

    @Test
    @DisplayName("unaligned map is -EINVAL with the kernel's message; beyond the aperture is -ERANGE")
    void invalidAndRange() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> pt.map(0x1800, 0x8000_0000L, K4, RW));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("unaligned: iova 0x1800 pa 0x0000000080000000 size 0x1000 min_pagesz 0x1000",
                fx.log.records().get(0).message());
        ErrnoException r = assertThrows(ErrnoException.class, () -> pt.map(1L << 48, 0x8000_0000L, K4, RW));
        assertEquals(Errno.ERANGE, r.errno());
        assertEquals(0, pt.leafCount());
    }

    @Test
    @DisplayName("unmap returns the size; a block costs one cleared PTE, pages one each")
    void unmapReturnsSize() {
        pt.map(0x20_0000, 0x8020_0000L, M2, RW);
        pt.map(0x60_1000, 0x8060_1000L, 4 * K4, RW);
        double before = fx.stats.cpuNs();
        assertEquals(M2, pt.unmap(0x20_0000, M2));
        assertEquals(75.0, fx.stats.cpuNs() - before);
        assertEquals(4 * K4, pt.unmap(0x60_1000, 4 * K4));
        assertEquals(75.0 * 5, fx.stats.cpuNs() - before);
        assertEquals(516, fx.stats.iommuPagesUnmapped.sum());
        assertEquals(0, pt.mappedPages());
    }

    @Test
    @DisplayName("unmapping part of a block splits it and unmaps only that part")
    void unmapSplitsBlock() {
        pt.map(0x20_0000, 0x8020_0000L, M2, RW);
        assertEquals(K4, pt.unmap(0x20_1000, K4));
        assertEquals(511, pt.leafCount());
        assertEquals(511, pt.mappedPages());
        assertEquals(Optional.empty(), pt.walk(0x20_1000));
        assertEquals(0x8020_2000L, pt.walk(0x20_2000).orElseThrow().translatedAddr());
    }

    @Test
    @DisplayName("unmap stops at a hole and WARNs; a 2 MiB-aligned range of pages goes with one table entry")
    void unmapHoleAndTable() {
        pt.map(0x1000, 0x8000_1000L, K4, RW);
        assertEquals(K4, pt.unmap(0x1000, 3 * K4));
        assertEquals(1, fx.log.grep("__arm_lpae_unmap").size());
        pt.map(0x40_0000, 0x8040_0000L, 8 * K4, new IommuProt(IommuProt.READ)); // 8 pages under one table
        double before = fx.stats.cpuNs();
        assertEquals(M2, pt.unmap(0x40_0000, M2));
        assertEquals(75.0, fx.stats.cpuNs() - before);
        assertEquals(0, pt.leafCount());
    }

    @Test
    @DisplayName("iommu_pgsize picks the largest size allowed by alignment and length")
    void pgsize() {
        assertEquals(G1, IoPageTable.pgsize(0, 0x4000_0000L, 2 * G1));
        assertEquals(M2, IoPageTable.pgsize(G1 + M2, M2, G1));
        assertEquals(K4, IoPageTable.pgsize(M2, M2 + K4, M2));
        assertEquals(K4, IoPageTable.pgsize(M2, M2, M2 - K4));
    }
}
