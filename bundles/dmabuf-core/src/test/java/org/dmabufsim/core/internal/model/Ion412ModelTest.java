// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.sim.Counters;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ION v4.12: a table per attachment, dma_map_sg per attachment device (A10, rules 44-47, 55, 57b). */
class Ion412ModelTest {
    private static final String ION = CachingModel.ION_4_12;
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;

    @AutoClose
    private final ModelFixture f = new ModelFixture();

    @Test
    @DisplayName("A10 / rules 47, 55: attach duplicates the table with dma_address 0, one table per attachment")
    void rule55_attachDuplicatesTableWithDmaAddressZero() {
        DmaBuf buf = f.export(ION, PageExportInfo.FLAG_CACHED, 0, 2, 0);
        DmaDevice gpu = f.iommu("gpu0");
        DmaDevice npu = f.iommu("npu0");
        buf.attach(gpu);
        buf.attach(npu);

        SgTable own = f.pageBuffer(buf).table();
        SgTable gpuTable = f.pageAttachment(buf, gpu).table().orElseThrow();
        SgTable npuTable = f.pageAttachment(buf, npu).table().orElseThrow();
        assertNotSame(own, gpuTable);
        assertNotSame(gpuTable, npuTable);
        assertEquals(3, gpuTable.origNents());
        for (int i = 0; i < 3; i++) {
            Scatterlist sg = gpuTable.get(i);
            assertEquals(own.get(i).phys(), sg.phys());
            assertEquals(own.get(i).length(), sg.length());
            assertEquals(0, sg.dmaAddress());
            assertEquals(0, sg.dmaLength());
        }
    }

    @Test
    @DisplayName("A10 / rules 55, 57c, 94: map is dma_map_sg on the attach device: one IOVA range per IOMMU device")
    void rule55_mapIsDmaMapSgPerAttachmentDevice() {
        DmaBuf buf = f.export(ION, PageExportInfo.FLAG_CACHED, 0, 2, 0);
        DmaDevice gpu = f.iommu("gpu0");
        DmaDevice npu = f.iommu("npu0");
        DmaBufAttachment ga = buf.attach(gpu);
        DmaBufAttachment na = buf.attach(npu);
        Counters before = f.counters();

        SgTable gt = buf.mapAttachment(ga, BIDI);
        SgTable nt = buf.mapAttachment(na, BIDI);

        assertEquals(2, f.counters().minus(before).dmaMapCalls());
        assertSame(f.pageAttachment(buf, gpu).table().orElseThrow(), gt);
        assertSame(f.pageAttachment(buf, npu).table().orElseThrow(), nt);
        List<IovaRange> gr = gpu.iommu().orElseThrow().iovaRanges();
        List<IovaRange> nr = npu.iommu().orElseThrow().iovaRanges();
        assertEquals(1, gr.size());
        assertEquals(1, nr.size());
        // 6 pages: the IOVA allocation is rounded up to a power of two granules (rule 94)
        assertEquals(8L * ModelFixture.PAGE, gr.get(0).size());
        assertEquals(8L * ModelFixture.PAGE, nr.get(0).size());
        assertEquals(gr.get(0).start(), gt.get(0).dmaAddress());
        assertEquals(nr.get(0).start(), nt.get(0).dmaAddress());
        assertEquals(6, gpu.iommu().orElseThrow().mappedPages());
        assertEquals(6, npu.iommu().orElseThrow().mappedPages());
        // two devices mapping the same pages BIDIRECTIONAL without SKIP_CPU_SYNC: rule 57c
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, 1L), f.sim.dmaDebug().errorCounts());
    }

    @Test
    @DisplayName("A10 / rule 55: the same table every map; unmap is dma_unmap_sg and keeps it; detach frees it")
    void rule55_unmapKeepsTableDetachFreesIt() {
        DmaBuf buf = f.export(ION, PageExportInfo.FLAG_CACHED, 1);
        DmaDevice gpu = f.iommu("gpu0");
        DmaBufAttachment ga = buf.attach(gpu);
        PageAttachment pa = f.pageAttachment(buf, gpu);
        SgTable first = buf.mapAttachment(ga, BIDI);
        Counters before = f.counters();

        buf.unmapAttachment(ga, first, BIDI);
        assertEquals(1, f.counters().minus(before).dmaUnmapCalls());
        assertSame(first, pa.table().orElseThrow());
        assertEquals(List.of(), gpu.iommu().orElseThrow().iovaRanges());
        assertEquals(0, gpu.iommu().orElseThrow().mappedPages());

        SgTable second = buf.mapAttachment(ga, BIDI);
        assertSame(first, second);
        buf.unmapAttachment(ga, second, BIDI);
        buf.detach(ga);
        assertEquals(Optional.empty(), pa.table());
        assertEquals(0, f.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A10 / rule 55: a dma-direct attachment maps each entry at its physical address")
    void rule55_directAttachmentMapsAtPhys() {
        DmaBuf buf = f.export(ION, PageExportInfo.FLAG_CACHED, 0, 0);
        DmaDevice cam = f.direct("cam0");
        SgTable t = buf.mapAttachment(buf.attach(cam), DmaDirection.FROM_DEVICE);
        for (Scatterlist sg : t.entries()) {
            assertEquals(sg.phys(), sg.dmaAddress());
            assertEquals(sg.length(), sg.dmaLength());
        }
    }

    @Test
    @DisplayName("rule 57b: end without begin takes kmap_cnt below zero, flagged once per buffer")
    void rule57b_unbalancedEndGoesNegativeOnce() {
        DmaBuf buf = f.export(ION, PageExportInfo.FLAG_CACHED, 0);
        IonKmap kmap = Ion412Model.state(f.pageBuffer(buf)).kmap();
        buf.beginCpuAccess(BIDI);
        assertEquals(1, kmap.count());
        assertTrue(kmap.isMapped());
        buf.endCpuAccess(BIDI);
        assertEquals(0, kmap.count());
        buf.endCpuAccess(BIDI);
        buf.endCpuAccess(BIDI);
        assertEquals(-2, kmap.count());
        buf.beginCpuAccess(BIDI);
        assertEquals(-1, kmap.count());
        assertEquals(List.of("ion: kmap_cnt of dma-buf " + buf.inode() + " went negative (-1): end_cpu_access"
                + " without begin_cpu_access (rule 57b) " + IonReports.DIAGNOSTIC), f.warnings("kmap_cnt"));
        assertTrue(!kmap.isMapped());
    }

    @Test
    @DisplayName("rule 56: a heap without map_kernel takes no kmap reference; release with kmap_cnt > 0 WARNs")
    void rule56_kmapOnlyWithMapKernelAndDestroyWarns() {
        DmaBuf plain = f.export(ION, f.zeroedChunks(0), 0, false);
        plain.beginCpuAccess(BIDI);
        assertEquals(0, Ion412Model.state(f.pageBuffer(plain)).kmap().count());
        plain.put(ModelFixture.OWNER);
        assertEquals(List.of(), f.warnings("ion_buffer_destroy"));

        DmaBuf mapped = f.export(ION, PageExportInfo.FLAG_CACHED, 0);
        mapped.beginCpuAccess(BIDI);
        mapped.put(ModelFixture.OWNER);
        assertEquals(List.of("WARNING: at drivers/staging/android/ion/ion.c ion_buffer_destroy:"
                + " WARN_ON(buffer->kmap_cnt > 0)"), f.warnings("ion_buffer_destroy"));
    }

    @Test
    @DisplayName("rule 54: mmap and the kernel mapping are cacheable only for ION_FLAG_CACHED")
    void rule54_cachedFlagSelectsAttributes() {
        DmaBuf cached = f.export(ION, PageExportInfo.FLAG_CACHED, 1);
        DmaBuf uncached = f.export(ION, 0, 1);
        CpuMapping cm = cached.mmap(ModelFixture.OWNER, 1, 1);
        CpuMapping um = uncached.mmap(ModelFixture.OWNER, 0, 2);
        assertEquals(MemAttr.CACHEABLE, cm.attr());
        assertEquals(f.pageBuffer(cached).pages().get(0).phys() + ModelFixture.PAGE, cm.physAt(0));
        assertEquals(MemAttr.WRITE_COMBINE, um.attr());
        assertEquals(2L * ModelFixture.PAGE, um.size());
        CpuMapping kernel = uncached.vmap();
        assertEquals(MemAttr.WRITE_COMBINE, kernel.attr());
        uncached.vunmap(kernel);
        cm.unmap();
        um.unmap();
    }
}
