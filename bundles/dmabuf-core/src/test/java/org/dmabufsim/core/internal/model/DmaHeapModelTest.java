// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** dma-buf heaps: a table and a mapped flag per attachment (rules 74-77). */
class DmaHeapModelTest {
    private static final String HEAP = CachingModel.DMA_HEAP;
    private static final DmaDirection BIDI = DmaDirection.BIDIRECTIONAL;

    @AutoClose
    private final ModelFixture f = new ModelFixture();

    @Test
    @DisplayName("rule 74: attach duplicates the table with clear DMA fields, mapped = false; detach frees it")
    void rule74_attachDuplicatesTable() {
        DmaBuf buf = f.export(HEAP, 0, 0, 4);
        DmaDevice gpu = f.iommu("gpu0");
        DmaBufAttachment a = buf.attach(gpu);
        PageAttachment pa = f.pageAttachment(buf, gpu);
        SgTable t = pa.table().orElseThrow();
        assertNotSame(f.pageBuffer(buf).table(), t);
        assertEquals(2, t.origNents());
        for (Scatterlist sg : t.entries()) {
            assertEquals(0, sg.dmaAddress());
        }
        assertFalse(pa.isMapped());
        buf.detach(a);
        assertEquals(Optional.empty(), pa.table());
    }

    @Test
    @DisplayName("rules 75, 90: map is dma_map_sgtable (nents set from the merge), mapped = true; unmap clears it")
    void rule75_mapSgtableAndMappedFlag() {
        DmaBuf buf = f.export(HEAP, 0, 0, 4);
        DmaDevice gpu = f.iommu("gpu0");
        DmaBufAttachment a = buf.attach(gpu);
        PageAttachment pa = f.pageAttachment(buf, gpu);
        Counters before = f.counters();
        SgTable t = buf.mapAttachment(a, BIDI);
        assertSame(pa.table().orElseThrow(), t);
        assertTrue(pa.isMapped());
        // 4 KiB + 64 KiB in one IOVA range; merging them would exceed max_seg_size 64 KiB (rule 90)
        assertEquals(2, t.nents());
        assertEquals(4 * 1024, t.get(0).dmaLength());
        assertEquals(64 * 1024, t.get(1).dmaLength());
        assertEquals(t.get(0).dmaAddress() + 4 * 1024, t.get(1).dmaAddress());
        buf.unmapAttachment(a, t, BIDI);
        assertFalse(pa.isMapped());
        Counters d = f.counters().minus(before);
        assertEquals(1, d.dmaMapCalls());
        assertEquals(1, d.dmaUnmapCalls());
        assertEquals(0, gpu.iommu().orElseThrow().mappedPages());
        assertEquals(0, f.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("rule 75: a dma_map_sgtable error propagates and the attachment stays unmapped")
    void rule75_mapErrorPropagates() {
        DmaBuf buf = f.export(HEAP, 0, 0);
        DmaDevice dev = f.device(DeviceSpec.of("dsp0", "dsp").withDmaMask(DeviceSpec.bits(32)).withSwiotlb(false));
        DmaBufAttachment a = buf.attach(dev);
        ErrnoException e = assertThrows(ErrnoException.class, () -> buf.mapAttachment(a, BIDI));
        assertEquals("EIO", e.errno().name());
        assertFalse(f.pageAttachment(buf, dev).isMapped());
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        assertEquals(0, f.counters().minus(before).dmaSyncCalls());
    }

    @Test
    @DisplayName("rule 76: a vmapped buffer gets no extra maintenance (the vmap range ops are no-ops on arm64)")
    void rule76_vmapNeedsNoMaintenance() {
        DmaBuf buf = f.export(HEAP, 0, 1);
        CpuMapping vmap = buf.vmap();
        assertEquals(MemAttr.CACHEABLE, vmap.attr());
        Counters before = f.counters();
        buf.beginCpuAccess(BIDI);
        buf.endCpuAccess(BIDI);
        assertEquals(0, f.counters().minus(before).linesWalked());
        buf.vunmap(vmap);
    }

    @Test
    @DisplayName("rule 77: mmap is cacheable and starts at vm_pgoff, across chunks")
    void rule77_mmapFromPgoff() {
        DmaBuf buf = f.export(HEAP, 0, 1, 0, 1);
        PageRange second = f.pageBuffer(buf).pages().get(1);
        PageRange third = f.pageBuffer(buf).pages().get(2);
        CpuMapping m = buf.mmap(ModelFixture.OWNER, 2, 3);
        assertEquals(MemAttr.CACHEABLE, m.attr());
        assertEquals(3L * ModelFixture.PAGE, m.size());
        assertEquals(second.phys(), m.physAt(0));
        assertEquals(third.phys(), m.physAt(ModelFixture.PAGE));
        assertEquals(third.phys() + ModelFixture.PAGE, m.physAt(2L * ModelFixture.PAGE));
        m.unmap();
    }
}
