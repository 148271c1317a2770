// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A11: what begin/end_cpu_access sync: ION syncs every attachment, mapped or not (rules 56, 57a);
 * dma-heaps only mapped ones (rule 76). Buffers of chunk orders 0, 2, 0: 6 pages, 384 lines.
 */
class A11CpuAccessSyncTest {
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;
    private static final long LINES = 6 * 64;
    private static final String DIAGNOSTIC = "[dmabuf-sim diagnostic, not a kernel message]";

    private final Soc soc = Soc.quiet();

    @AfterEach
    void close() {
        soc.close();
    }

    /** Counters of a begin_cpu_access and of the end_cpu_access that follows it. */
    private Counters[] beginEnd(DmaBuf buf, DmaDirection dir) {
        Counters before = soc.sim.counters();
        buf.beginCpuAccess(dir);
        Counters mid = soc.sim.counters();
        buf.endCpuAccess(dir);
        return new Counters[] {mid.minus(before), soc.sim.counters().minus(mid)};
    }

    /** gpu0 (IOMMU) attached and mapped; cam0 (dma-direct) and npu0 (IOMMU) attached, never mapped. */
    private DmaBuf threeAttachments(String model) {
        DmaBuf buf = soc.exportPages(model, 0, 2, 0);
        DmaBufAttachment gpu = buf.attach(soc.iommu("gpu0"));
        buf.attach(soc.direct("cam0"));
        buf.attach(soc.iommu("npu0"));
        buf.mapAttachment(gpu, BIDI);
        return buf;
    }

    @ParameterizedTest
    @ValueSource(strings = {CachingModel.ION_4_12, CachingModel.DMA_HEAP, CachingModel.ION_4_9})
    @DisplayName("A11 / rules 45, 56, 76: begin/end with no attachments do no cache maintenance")
    void a11_noAttachmentsNoMaintenance_rule56(String model) {
        DmaBuf buf = soc.exportPages(model, 0, 2, 0);
        for (Counters d : beginEnd(buf, BIDI)) {
            assertEquals(0, d.linesWalked());
            assertEquals(0, d.dmaSyncCalls());
            assertEquals(0, d.linesInvalidated() + d.linesWrittenBack());
        }
    }

    @Test
    @DisplayName("A11 / rules 56, 57a: ion-4.12 syncs all N attachments each way and flags the unmapped ones")
    void a11_ion412SyncsEveryAttachmentAndFlagsUnmapped_rule57a() {
        DmaBuf buf = threeAttachments(CachingModel.ION_4_12);
        Counters[] d = beginEnd(buf, BIDI);

        assertEquals(3, d[0].dmaSyncCalls());
        assertEquals(3, d[1].dmaSyncCalls());
        // gpu0 and npu0 maintain the pages (dma-iommu uses sg_phys); cam0 walks dma_to_phys(0)
        assertEquals(3 * LINES, d[0].linesWalked());
        assertEquals(3 * LINES, d[1].linesWalked());
        assertEquals(List.of(unmapped("npu0", "begin"), unmapped("cam0", "begin"), unmapped("npu0", "end"),
                unmapped("cam0", "end")), soc.warnings("ion: sync of unmapped attachment"));
        assertEquals(List.of(noLinear("cpu", 0x1000), noLinear("cpu", 0x4000), noLinear("cpu", 0x1000),
                noLinear("device", 0x1000), noLinear("device", 0x4000), noLinear("device", 0x1000)),
                soc.warnings("has no linear mapping"));
        // debug_dma_sync_sg_*: get_nr_mapped_entries() finds no entry for dma_address 0, so no check runs
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    private static String unmapped(String dev, String op) {
        return "ion: sync of unmapped attachment " + dev + " (dma_address 0) in ion_dma_buf_" + op + "_cpu_access:"
                + " ION syncs every attachment, mapped or not (rule 57a) " + DIAGNOSTIC;
    }

    private static String noLinear(String to, int length) {
        return "WARNING: at arch/arm64/mm/dma-mapping.c arch_sync_dma_for_" + to + ": cam cam0: phys"
                + " 0x0000000000000000+0x" + Integer.toHexString(length) + " has no linear mapping: the kernel would"
                + " fault or maintain another page";
    }

    @Test
    @DisplayName("A11 / rule 57a: an unmapped dma-direct attachment keeps its stale dma address and syncs real pages")
    void a11_ion412UnmappedAttachmentSyncsThroughItsStaleAddress_rule57a() {
        DmaBuf buf = soc.exportPages(CachingModel.ION_4_12, 1);
        DmaBufAttachment a = buf.attach(soc.direct("cam0"));
        long phys = soc.sim.dmabufs().pageBuffer(buf).orElseThrow().pages().get(0).phys();
        buf.unmapAttachment(a, buf.mapAttachment(a, BIDI), BIDI);
        Counters[] d = beginEnd(buf, BIDI);
        assertEquals(1, d[0].dmaSyncCalls());
        assertEquals(128, d[0].linesWalked(), "the two pages, through dma_to_phys of the stale address");
        assertEquals(128, d[1].linesWalked());
        assertEquals(List.of("ion: sync of unmapped attachment cam0 (stale dma_address 0x" + Long.toHexString(phys)
                + ") in ion_dma_buf_begin_cpu_access: ION syncs every attachment, mapped or not (rule 57a) "
                + DIAGNOSTIC, "ion: sync of unmapped attachment cam0 (stale dma_address 0x" + Long.toHexString(phys)
                + ") in ion_dma_buf_end_cpu_access: ION syncs every attachment, mapped or not (rule 57a) "
                + DIAGNOSTIC), soc.warnings("ion: sync of unmapped"));
        assertEquals(List.of(), soc.warnings("has no linear mapping"));
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A11 / rules 56, 95: ion-4.12 with N mapped attachments does N syncs each way, in the caller's"
            + " direction")
    void a11_ion412SyncsEveryMappedAttachmentInTheCallersDirection_rule56() {
        DmaBuf buf = soc.exportPages(CachingModel.ION_4_12, 0, 2, 0);
        buf.mapAttachment(buf.attach(soc.iommu("gpu0")), DmaDirection.TO_DEVICE);
        buf.mapAttachment(buf.attach(soc.iommu("npu0")), DmaDirection.TO_DEVICE);
        Counters[] d = beginEnd(buf, DmaDirection.TO_DEVICE);
        assertEquals(2, d[0].dmaSyncCalls());
        assertEquals(2, d[1].dmaSyncCalls());
        assertEquals(0, d[0].linesWalked(), "sync_for_cpu(DMA_TO_DEVICE) does no maintenance (rule 95)");
        assertEquals(2 * LINES, d[1].linesWalked(), "sync_for_device(DMA_TO_DEVICE) cleans, once per attachment");
        assertEquals(List.of(), soc.messages(KernelLog.Level.WARN));

        beginEnd(buf, BIDI);
        assertEquals(List.of("DMA-API: npu npu0: device driver syncs DMA memory with different direction",
                "DMA-API: npu npu0: device driver syncs device read-only DMA memory for cpu",
                "DMA-API: gpu gpu0: device driver syncs DMA memory with different direction",
                "DMA-API: gpu gpu0: device driver syncs device read-only DMA memory for cpu",
                "DMA-API: npu npu0: device driver syncs DMA memory with different direction",
                "DMA-API: gpu gpu0: device driver syncs DMA memory with different direction"),
                soc.messages(KernelLog.Level.WARN).stream().map(m -> m.substring(0, m.indexOf(" ["))).toList(),
                "ION passes the caller's direction to every attachment's TO_DEVICE mapping (rule 102)");
    }

    @Test
    @DisplayName("A11 / rule 76: dma-heap syncs only mapped attachments, without warnings or dma-debug errors")
    void a11_dmaHeapSyncsOnlyMappedAttachments_rule76() {
        DmaBuf buf = threeAttachments(CachingModel.DMA_HEAP);
        long warnings = soc.sim.log().count(KernelLog.Level.WARN);
        Counters[] d = beginEnd(buf, BIDI);
        assertEquals(1, d[0].dmaSyncCalls());
        assertEquals(1, d[1].dmaSyncCalls());
        assertEquals(LINES, d[0].linesWalked());
        assertEquals(LINES, d[1].linesWalked());
        assertEquals(warnings, soc.sim.log().count(KernelLog.Level.WARN));
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }
}
