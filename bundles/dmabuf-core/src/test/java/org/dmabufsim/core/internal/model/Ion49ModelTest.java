// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.List;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Counters;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** ION v4.9: one shared table with dma = phys, flush at allocation, fault-tracked user mappings (rules 37-42, 54). */
class Ion49ModelTest {
    private static final String ION = CachingModel.ION_4_9;
    private static final long CACHED = PageExportInfo.FLAG_CACHED;
    private static final long NEEDS_SYNC = PageExportInfo.FLAG_CACHED_NEEDS_SYNC;
    private static final int PAGE = ModelFixture.PAGE;

    @AutoClose
    private final ModelFixture f = new ModelFixture();

    @Test
    @DisplayName("rules 37, 38: every importer gets the buffer's one table, dma address = phys, no dma_map")
    void rule37_sharedTableWithPhysicalDmaAddresses() {
        DmaBuf buf = f.export(ION, CACHED | NEEDS_SYNC, 0, 2, 0);
        DmaBufAttachment gpu = buf.attach(f.iommu("gpu0"));
        DmaBufAttachment cam = buf.attach(f.direct("cam0"));
        Counters before = f.counters();
        SgTable g = buf.mapAttachment(gpu, DmaDirection.TO_DEVICE);
        SgTable c = buf.mapAttachment(cam, DmaDirection.FROM_DEVICE);

        assertSame(f.pageBuffer(buf).table(), g);
        assertSame(g, c);
        for (Scatterlist sg : g.entries()) {
            assertEquals(sg.phys(), sg.dmaAddress());
            assertEquals(sg.length(), sg.dmaLength());
        }
        buf.unmapAttachment(gpu, g, DmaDirection.TO_DEVICE);
        buf.unmapAttachment(cam, c, DmaDirection.FROM_DEVICE);
        Counters d = f.counters().minus(before);
        assertEquals(0, d.dmaMapCalls());
        assertEquals(0, d.dmaUnmapCalls());
        assertEquals(0, d.dmaSyncCalls());
        assertEquals(0, d.linesWalked());
    }

    @Test
    @DisplayName("rule 38: an IOMMU importer's DMA to the physical addresses faults; a dma-direct importer works")
    void rule38_iommuImporterFaultsDirectWorks() {
        DmaBuf buf = f.export(ION, CACHED | NEEDS_SYNC, 1);
        DmaDevice gpu = f.iommu("gpu0");
        DmaDevice cam = f.direct("cam0");
        long dma = buf.mapAttachment(buf.attach(gpu), DmaDirection.BIDIRECTIONAL).get(0).dmaAddress();
        buf.mapAttachment(buf.attach(cam), DmaDirection.BIDIRECTIONAL);

        DmaJobResult r = f.run(gpu, new DmaStep.Read(dma, PAGE));
        assertEquals(MemTxResult.ACCESS_ERROR, r.step(0).result());
        assertEquals(0, r.step(0).bytesDone());
        IommuFault fault = gpu.iommu().orElseThrow().faults().get(0);
        assertEquals(dma, fault.iova());
        assertEquals(IommuFault.Reason.TRANSLATION, fault.reason());

        f.deviceFill(cam, dma, 2 * PAGE, 0x3c);
        assertArrayEquals(ModelFixture.filled(2 * PAGE, 0x3c), f.dram(dma, 2 * PAGE));
    }

    @Test
    @DisplayName("rule 41: allocation cleans every line of the buffer (arch maintenance, counted)")
    void rule41_flushAtAllocation() {
        List<PageRange> chunks = f.zeroedChunks(0, 1);
        for (PageRange r : chunks) {
            f.sim.cpu().linearMap().fill(r.phys(), r.bytes(), (byte) 0x77);
        }
        long dirty = f.sim.cache().dirtyLines();
        Counters before = f.counters();
        DmaBuf buf = f.export(ION, chunks, 0, true);
        Counters d = f.counters().minus(before);

        assertEquals(3 * 64, d.linesWalked());
        assertEquals(3 * 64, d.linesWrittenBack());
        assertEquals(0, d.dmaSyncCalls());
        assertEquals(dirty - 3 * 64, f.sim.cache().dirtyLines());
        assertEquals(3 * 64, Ion49Model.state(f.pageBuffer(buf)).allocationFlushLines());
        for (PageRange r : chunks) {
            assertFalse(f.sim.cache().isDirty(r.phys()));
            assertArrayEquals(ModelFixture.filled((int) r.bytes(), 0x77), f.dram(r.phys(), (int) r.bytes()));
        }
    }

    @Test
    @DisplayName("rule 38: a fault-tracked mapping records touched pages; map syncs exactly those, then zaps")
    void rule38_faultTrackedMmapSyncsDirtyPagesAndZaps() {
        DmaBuf buf = f.export(ION, CACHED, 0, 0, 1);
        DmaDevice cam = f.direct("cam0");
        DmaBufAttachment a = buf.attach(cam);
        CpuMapping vma = buf.mmap(ModelFixture.OWNER, 0, 4);
        Ion49State state = Ion49Model.state(f.pageBuffer(buf));
        assertEquals(MemAttr.CACHEABLE, vma.attr());
        assertFalse(vma.isPresent(1));

        vma.fill(PAGE, PAGE, (byte) 0x11);
        vma.fill(3L * PAGE + 100, 10, (byte) 0x33);
        assertTrue(vma.isPresent(1) && vma.isPresent(3) && !vma.isPresent(0) && !vma.isPresent(2));
        assertEquals(bits(1, 3), state.dirtyPages());

        Counters before = f.counters();
        buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        Counters d = f.counters().minus(before);
        assertEquals(2, d.dmaSyncCalls());
        assertEquals(2 * 64, d.linesWalked());
        assertEquals(2, state.pagesSynced());
        assertEquals(new BitSet(), state.dirtyPages());
        long page1 = f.pageBuffer(buf).pages().get(1).phys();
        assertArrayEquals(ModelFixture.filled(PAGE, 0x11), f.dram(page1, PAGE));
        for (int i = 0; i < 4; i++) {
            assertFalse(vma.isPresent(i), "zapped page " + i);
        }
        assertEquals(0, f.sim.dmaDebug().errorCount(), "dma-debug finds no entry for a physical address");

        assertEquals(0x11, vma.readByte(PAGE + 5));
        assertEquals(bits(1), state.dirtyPages(), "a read fault marks the page dirty too (ion_vm_fault)");
    }

    @Test
    @DisplayName("rule 38: an mmap from vm_pgoff dirties buffer pages at pgoff + index; IOMMU importers sync via sg_phys")
    void rule38_faultTrackingHonoursPgoff() {
        DmaBuf buf = f.export(ION, CACHED, 2);
        DmaDevice gpu = f.iommu("gpu0");
        DmaBufAttachment a = buf.attach(gpu);
        CpuMapping vma = buf.mmap(ModelFixture.OWNER, 2, 2);
        Ion49State state = Ion49Model.state(f.pageBuffer(buf));
        vma.fill(0, 8, (byte) 1);
        assertEquals(bits(2), state.dirtyPages());
        long phys = f.pageBuffer(buf).pages().get(0).phys() + 2L * PAGE;
        assertEquals(phys, vma.physAt(0));
        assertTrue(f.sim.cache().isDirty(phys));

        Counters before = f.counters();
        buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
        assertEquals(64, f.counters().minus(before).linesWalked());
        assertFalse(f.sim.cache().isDirty(phys));
        assertEquals(0, gpu.iommu().orElseThrow().mappedPages(), "ion-4.9 never maps the IOMMU");
    }

    @Test
    @DisplayName("rule 38: munmapped user mappings leave the list; buffers not fault-tracked sync nothing")
    void rule38_munmapAndUntrackedBuffers() {
        DmaBuf buf = f.export(ION, CACHED, 0);
        CpuMapping vma = buf.mmap(ModelFixture.OWNER, 0, 1);
        Ion49State state = Ion49Model.state(f.pageBuffer(buf));
        assertEquals(1, state.liveVmas());
        vma.unmap();
        assertEquals(0, state.liveVmas());

        DmaBuf synced = f.export(ION, CACHED | NEEDS_SYNC, 0);
        CpuMapping plain = synced.mmap(ModelFixture.OWNER, 0, 1);
        plain.fill(0, PAGE, (byte) 9);
        assertTrue(plain.isPresent(0));
        Counters before = f.counters();
        synced.mapAttachment(synced.attach(f.direct("cam0")), DmaDirection.TO_DEVICE);
        assertEquals(0, f.counters().minus(before).dmaSyncCalls());
        assertTrue(f.sim.cache().isDirty(plain.physAt(0)));
    }

    @Test
    @DisplayName("rule 54: CACHED|NEEDS_SYNC maps cacheable, uncached buffers map write-combine")
    void rule54_mmapAttributes() {
        CpuMapping cached = f.export(ION, CACHED | NEEDS_SYNC, 0).mmap(ModelFixture.OWNER, 0, 1);
        CpuMapping uncached = f.export(ION, 0, 0).mmap(ModelFixture.OWNER, 0, 1);
        assertEquals(MemAttr.CACHEABLE, cached.attr());
        assertEquals(MemAttr.WRITE_COMBINE, uncached.attr());
    }

    private static BitSet bits(int... set) {
        BitSet b = new BitSet();
        for (int i : set) {
            b.set(i);
        }
        return b;
    }
}
