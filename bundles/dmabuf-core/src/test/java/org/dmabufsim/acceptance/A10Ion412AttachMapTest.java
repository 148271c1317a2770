// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.sim.Counters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A10: ION after the rework ({@code ion-4.12}): a duplicated table per attachment, mapped with
 * {@code dma_map_sg} on the attaching device (rules 47, 55, 57c, 94). Chunks of orders 0, 2, 0: three
 * entries, six pages.
 */
class A10Ion412AttachMapTest {
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;

    private final Soc soc = Soc.quiet();
    private final DmaBuf buf = soc.exportPages(CachingModel.ION_4_12, 0, 2, 0);

    @AfterEach
    void close() {
        soc.close();
    }

    private PageBuffer pageBuffer() {
        return soc.sim.dmabufs().pageBuffer(buf).orElseThrow();
    }

    private PageAttachment pageAttachment(DmaDevice dev) {
        return pageBuffer().attachments().stream().filter(a -> a.device() == dev).findFirst().orElseThrow();
    }

    @Test
    @DisplayName("A10 / rules 47, 55: attach duplicates the buffer's table, dma_address 0, one table per attachment")
    void a10_attachDuplicatesTableWithDmaAddressZero_rule55() {
        DmaDevice gpu = soc.iommu("gpu0");
        DmaDevice npu = soc.iommu("npu0");
        buf.attach(gpu);
        buf.attach(npu);
        SgTable own = pageBuffer().table();
        SgTable gpuTable = pageAttachment(gpu).table().orElseThrow();
        SgTable npuTable = pageAttachment(npu).table().orElseThrow();
        assertNotSame(own, gpuTable);
        assertNotSame(gpuTable, npuTable);
        assertEquals(3, gpuTable.origNents());
        assertEquals(List.of(Soc.PAGE, 4 * Soc.PAGE, Soc.PAGE),
                gpuTable.entries().stream().map(sg -> (int) sg.length()).toList());
        for (SgTable dup : List.of(gpuTable, npuTable)) {
            for (int i = 0; i < 3; i++) {
                Scatterlist sg = dup.get(i);
                assertEquals(own.get(i).phys(), sg.phys());
                assertEquals(own.get(i).length(), sg.length());
                assertEquals(0, sg.dmaAddress());
                assertEquals(0, sg.dmaLength());
            }
        }
        assertEquals(0, soc.sim.counters().dmaMapCalls(), "attach maps nothing");
    }

    @Test
    @DisplayName("A10 / rules 55, 57c, 94: map is dma_map_sg on the attaching device: one IOVA range per IOMMU device")
    void a10_mapIsDmaMapSgOnEachAttachDevice_rule55() {
        DmaDevice gpu = soc.iommu("gpu0");
        DmaDevice npu = soc.iommu("npu0");
        DmaBufAttachment ga = buf.attach(gpu);
        DmaBufAttachment na = buf.attach(npu);
        Counters before = soc.sim.counters();

        SgTable gt = buf.mapAttachment(ga, BIDI);
        SgTable nt = buf.mapAttachment(na, BIDI);

        assertEquals(2, soc.sim.counters().minus(before).dmaMapCalls());
        assertSame(pageAttachment(gpu).table().orElseThrow(), gt);
        assertSame(pageAttachment(npu).table().orElseThrow(), nt);
        for (DmaDevice dev : List.of(gpu, npu)) {
            List<IovaRange> ranges = dev.iommu().orElseThrow().iovaRanges();
            assertEquals(1, ranges.size(), dev.name());
            assertEquals(8L * Soc.PAGE, ranges.get(0).size(), "6 pages round up to a power of two granules");
            assertEquals(6, dev.iommu().orElseThrow().mappedPages());
            List<DmaDebugEntry> entries = soc.sim.dmaDebug().entries(dev.name());
            assertEquals(1, entries.size(), "one merged DMA segment");
            assertEquals("scather-gather", entries.get(0).type());
            assertEquals(3, entries.get(0).sgCallEnts());
            assertEquals(1, entries.get(0).sgMappedEnts());
            assertEquals(BIDI, entries.get(0).direction());
        }
        assertEquals(gpu.iommu().orElseThrow().iovaRanges().get(0).start(), gt.get(0).dmaAddress());
        assertEquals(npu.iommu().orElseThrow().iovaRanges().get(0).start(), nt.get(0).dmaAddress());
        assertEquals(3, gt.nents(), "dma_map_sg (not _sgtable) leaves sgt->nents alone");
        assertEquals(6L * Soc.PAGE, gt.get(0).dmaLength());
        assertEquals(0, gt.get(1).dmaLength(), "the merged segment ends the DMA list");
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, 1L), soc.sim.dmaDebug().errorCounts(),
                "rule 57c: the second BIDIRECTIONAL mapping of the same pages without SKIP_CPU_SYNC");
        assertEquals("DMA-API: npu npu0: cacheline tracking EEXIST, overlapping mappings aren't supported",
                soc.sim.dmaDebug().reports().get(0).message());
    }

    @Test
    @DisplayName("A10 / rule 55: a dma-direct attachment maps each entry at its physical address, no merging")
    void a10_directAttachmentMapsAtPhys_rule55() {
        DmaDevice cam = soc.direct("cam0");
        SgTable t = buf.mapAttachment(buf.attach(cam), DmaDirection.FROM_DEVICE);
        assertEquals(3, t.nents());
        for (Scatterlist sg : t.entries()) {
            assertEquals(sg.phys(), sg.dmaAddress());
            assertEquals(sg.length(), sg.dmaLength());
        }
        assertEquals(0, pageBuffer().table().get(0).dmaAddress(), "the buffer's own table is not touched");
    }

    @Test
    @DisplayName("A10 / rule 55: the same table every map; unmap is dma_unmap_sg and keeps it; detach frees it")
    void a10_unmapKeepsTheTableDetachFreesIt_rule55() {
        DmaDevice gpu = soc.iommu("gpu0");
        DmaBufAttachment ga = buf.attach(gpu);
        PageAttachment pa = pageAttachment(gpu);
        SgTable first = buf.mapAttachment(ga, BIDI);
        Counters before = soc.sim.counters();

        buf.unmapAttachment(ga, first, BIDI);
        assertEquals(1, soc.sim.counters().minus(before).dmaUnmapCalls());
        assertSame(first, pa.table().orElseThrow());
        assertEquals(List.of(), gpu.iommu().orElseThrow().iovaRanges());
        assertEquals(0, gpu.iommu().orElseThrow().mappedPages());
        assertEquals(List.of(), soc.sim.dmaDebug().entries());

        SgTable second = buf.mapAttachment(ga, BIDI);
        assertSame(first, second);
        buf.unmapAttachment(ga, second, BIDI);
        buf.detach(ga);
        assertEquals(Optional.empty(), pa.table());
        assertEquals(List.of(), pageBuffer().attachments());
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }
}
