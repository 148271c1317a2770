// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A11: what begin/end_cpu_access sync in each model (rules 42, 45, 56, 57a, 76). */
class CpuAccessSyncTest {
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;
    /** Chunks of orders 0, 2, 0: 6 pages, 384 lines. */
    private static final long LINES = 6 * 64;

    @AutoClose
    private final ModelFixture f = new ModelFixture();

    @ParameterizedTest
    @ValueSource(strings = {CachingModel.ION_4_9, CachingModel.ION_4_12, CachingModel.DMA_HEAP})
    @DisplayName("A11 / rules 45, 56, 76: begin/end with no attachments do no cache maintenance")
    void rule56_noAttachmentsNoMaintenance(String model) {
        DmaBuf buf = f.export(model, PageExportInfo.FLAG_CACHED, 0, 2, 0);
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        buf.endCpuAccess(BIDI);
        Counters d = f.counters().minus(before);
        assertEquals(0, d.linesWalked());
        assertEquals(0, d.dmaSyncCalls());
    }

    /** gpu0 (IOMMU) mapped; cam0 (dma-direct) and npu0 (IOMMU) attached, never mapped. */
    private DmaBuf threeAttachments(String model) {
        DmaBuf buf = f.export(model, PageExportInfo.FLAG_CACHED, 0, 2, 0);
        DmaBufAttachment gpu = buf.attach(f.iommu("gpu0"));
        buf.attach(f.direct("cam0"));
        buf.attach(f.iommu("npu0"));
        buf.mapAttachment(gpu, BIDI);
        return buf;
    }

    @Test
    @DisplayName("A11 / rules 56, 57a: ion-4.12 syncs all N attachments each way and flags the unmapped ones")
    void rule57a_ion412SyncsEveryAttachment() {
        DmaBuf buf = threeAttachments(CachingModel.ION_4_12);
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        Counters begin = f.counters().minus(before);
        buf.endCpuAccess(BIDI);
        Counters end = f.counters().minus(before).minus(begin);

        assertEquals(3, begin.dmaSyncCalls());
        assertEquals(3, end.dmaSyncCalls());
        // gpu0 and npu0 maintain the pages (sg_phys); cam0 walks dma_to_phys(0) for nothing
        assertEquals(3 * LINES, begin.linesWalked());
        assertEquals(3 * LINES, end.linesWalked());
        assertEquals(List.of(
                unmapped("npu0", "ion_dma_buf_begin_cpu_access"), unmapped("cam0", "ion_dma_buf_begin_cpu_access"),
                unmapped("npu0", "ion_dma_buf_end_cpu_access"), unmapped("cam0", "ion_dma_buf_end_cpu_access")),
                f.warnings("ion: sync of unmapped attachment"));
        assertEquals(4, Ion412Model.state(f.pageBuffer(buf)).unmappedSyncs());
        // the DMA layer's own warning, once per entry of cam0's table: dma_to_phys(0) is not RAM
        assertEquals(List.of(noLinear("cpu", 0x1000), noLinear("cpu", 0x4000), noLinear("cpu", 0x1000),
                noLinear("device", 0x1000), noLinear("device", 0x4000), noLinear("device", 0x1000)),
                f.warnings("has no linear mapping"));
        assertEquals(0, f.sim.dmaDebug().errorCount(), "dma-debug finds no entry for dma address 0 and stays silent");
    }

    private static String noLinear(String to, int length) {
        return "WARNING: at arch/arm64/mm/dma-mapping.c arch_sync_dma_for_" + to + ": cam cam0: phys"
                + " 0x0000000000000000+0x" + Integer.toHexString(length) + " has no linear mapping: the kernel would"
                + " fault or maintain another page";
    }

    private static String unmapped(String dev, String function) {
        return "ion: sync of unmapped attachment " + dev + " (dma_address 0) in " + function
                + ": ION syncs every attachment, mapped or not (rule 57a) " + IonReports.DIAGNOSTIC;
    }

    @Test
    @DisplayName("A11 / rule 57a: an unmapped dma-direct attachment keeps its stale dma address and syncs real pages")
    void rule57a_ion412StaleAddressAfterUnmap() {
        DmaBuf buf = f.export(CachingModel.ION_4_12, PageExportInfo.FLAG_CACHED, 1);
        DmaDevice cam = f.direct("cam0");
        DmaBufAttachment a = buf.attach(cam);
        long phys = f.pageBuffer(buf).pages().get(0).phys();
        buf.unmapAttachment(a, buf.mapAttachment(a, BIDI), BIDI);
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        assertEquals(128, f.counters().minus(before).linesWalked());
        assertEquals(List.of("ion: sync of unmapped attachment cam0 (stale dma_address 0x" + Long.toHexString(phys)
                + ") in ion_dma_buf_begin_cpu_access: ION syncs every attachment, mapped or not (rule 57a) "
                + IonReports.DIAGNOSTIC), f.warnings("ion: sync of unmapped"));
        assertEquals(List.of(), f.warnings("has no linear mapping"));
    }

    @Test
    @DisplayName("A11 / rule 76: dma-heap syncs only mapped attachments, without warnings or dma-debug errors")
    void rule76_dmaHeapSyncsMappedOnly() {
        threeAttachments(CachingModel.DMA_HEAP);
        DmaBuf buf = f.sim.dmabufs().list().get(0);
        long warnings = f.sim.log().count(KernelLog.Level.WARN);
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        Counters begin = f.counters().minus(before);
        buf.endCpuAccess(BIDI);
        Counters end = f.counters().minus(before).minus(begin);

        assertEquals(1, begin.dmaSyncCalls());
        assertEquals(1, end.dmaSyncCalls());
        assertEquals(LINES, begin.linesWalked());
        assertEquals(LINES, end.linesWalked());
        assertEquals(warnings, f.sim.log().count(KernelLog.Level.WARN));
        assertEquals(0, f.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A11 / rule 42: ion-4.9 begin/end do no maintenance, only kmap_cnt")
    void rule42_ion49NoMaintenance() {
        DmaBuf buf = threeAttachments(CachingModel.ION_4_9);
        IonKmap kmap = Ion49Model.state(f.pageBuffer(buf)).kmap();
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        assertEquals(1, kmap.count());
        buf.endCpuAccess(BIDI);
        assertEquals(0, kmap.count());
        Counters d = f.counters().minus(before);
        assertEquals(0, d.linesWalked());
        assertEquals(0, d.dmaSyncCalls());
    }

    @Test
    @DisplayName("A11 / rule 42: ion-4.9 begin on a heap without map_kernel is ENODEV")
    void rule42_ion49WithoutMapKernelIsEnodev() {
        DmaBuf buf = f.export(CachingModel.ION_4_9, f.zeroedChunks(0), PageExportInfo.FLAG_CACHED, false);
        ErrnoException e = assertThrows(ErrnoException.class, () -> buf.beginCpuAccess(BIDI));
        assertEquals(Errno.ENODEV, e.errno());
        String message = "ion_dma_buf_begin_cpu_access: map kernel is not implemented by this heap.";
        assertEquals("ENODEV: " + message, e.getMessage());
        assertEquals(List.of(message), f.sim.log().grep("map kernel").stream()
                .filter(r -> r.level() == KernelLog.Level.ERROR).map(KernelLog.Record::message).toList());
        assertEquals(0, Ion49Model.state(f.pageBuffer(buf)).kmap().count());
    }
}
