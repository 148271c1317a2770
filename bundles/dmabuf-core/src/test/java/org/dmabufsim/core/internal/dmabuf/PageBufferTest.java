// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dmabufsim.core.internal.debug.TestDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.dmabuf.spi.PageSink;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PageBufferTest {
    private static final List<PageRange> PAGES = List.of(PageRange.ofOrder(0x90000, 4), PageRange.ofOrder(0x90400, 0));
    private static final long BYTES = 17 * 4096;

    private final Fixture f = new Fixture();
    private final RecordingModel model = new RecordingModel("test-model");
    private final List<List<PageRange>> sunk = Collections.synchronizedList(new ArrayList<>());
    private final PageSink sink = sunk::add;
    private final TestDevice cam = new TestDevice("1a000000.camera");

    PageBufferTest() {
        f.bufs.registerCachingModel(model);
    }

    private PageExportInfo info(List<PageRange> pages, long size, String modelName, PageSink to) {
        return new PageExportInfo("system", pages, size, modelName, PageExportInfo.FLAG_CACHED, true,
                ExportInfo.O_RDWR, Fixture.OWNER, to);
    }

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    @Test
    void exportPagesHooksRunInOrderAndTheSinkGetsThePagesOnce() {
        DmaBuf buf = f.bufs.exportPages(info(PAGES, BYTES, "test-model", sink));
        assertEquals(List.of("allocated"), model.hooks);
        assertEquals(Optional.of("test-model"), buf.cachingModel());
        DmaBufAttachment a = buf.attach(cam);
        SgTable t = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.TO_DEVICE);
        buf.detach(a);
        assertEquals(List.of(), sunk);
        buf.put(Fixture.OWNER);
        assertEquals(List.of("allocated", "attach 1a000000.camera", "map 1a000000.camera DMA_TO_DEVICE",
                "unmap 1a000000.camera DMA_TO_DEVICE", "detach 1a000000.camera", "released"), model.hooks);
        assertEquals(List.of(PAGES), sunk);
        assertEquals(List.of(), f.freed);
    }

    @Test
    void withoutASinkPagesGoBackThroughThePageFreer() {
        DmaBuf buf = f.bufs.exportPages(info(PAGES, BYTES, "test-model", null));
        buf.put(Fixture.OWNER);
        assertEquals(List.of(PAGES), f.freed);
        assertEquals(List.of("allocated", "released"), model.hooks);
    }

    @Test
    void pageBufferViewShowsPagesTableAttachmentsAndState() {
        DmaBuf buf = f.bufs.exportPages(info(PAGES, BYTES - 4096, "test-model", sink));
        PageBuffer pb = model.lastBuffer;
        assertSame(buf, pb.dmabuf());
        assertSame(f.sim, pb.sim());
        assertEquals(PAGES, pb.pages());
        assertEquals(BYTES - 4096, pb.size());
        assertEquals(PageExportInfo.FLAG_CACHED, pb.flags());
        assertTrue(pb.kernelMappable());
        assertEquals(2, pb.table().origNents());
        assertEquals(0x90000L << 12, pb.table().get(0).phys());
        assertEquals(16 * 4096, pb.table().get(0).length());
        assertEquals("state-of-" + buf.inode(), pb.modelState());
        DmaBufAttachment a = buf.attach(cam);
        DmaBufAttachment b = buf.attach(new TestDevice("1b000000.gpu"));
        List<PageAttachment> pas = pb.attachments();
        assertEquals(List.of(b, a), pas.stream().map(PageAttachment::attachment).toList());
        SgTable t = buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        assertSame(pas.get(1).table().orElseThrow(), t);
        assertNotSame(pb.table(), t);
        assertTrue(pas.get(1).isMapped());
        assertFalse(pas.get(0).isMapped());
        CpuMapping v = buf.vmap();
        assertEquals(1, pb.vmapCount());
        buf.vunmap(v);
        buf.detach(b);
        assertEquals(1, pb.attachments().size());
    }

    @Test
    void cpuAccessAndMmapGoToTheModel() {
        DmaBuf buf = f.bufs.exportPages(info(PAGES, BYTES, "test-model", sink));
        buf.beginCpuAccess(DmaDirection.FROM_DEVICE);
        buf.endCpuAccessPartial(DmaDirection.FROM_DEVICE, 0, 4096);
        CpuMapping m = buf.mmap(Fixture.OWNER, 1, 2);
        m.unmap();
        assertEquals(List.of("allocated", "begin DMA_FROM_DEVICE", "end DMA_FROM_DEVICE", "mmap 1 2"), model.hooks);
    }

    @Test
    void exportPagesValidatesBeforeAnythingIsBuilt() {
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(info(PAGES, BYTES, "no-such-model", sink)));
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(info(List.of(), BYTES, "test-model", sink)));
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(info(PAGES, 0, "test-model", sink)));
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(info(PAGES, BYTES + 1, "test-model", sink)));
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(null));
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(new PageExportInfo("system", PAGES, BYTES, "test-model",
                0, false, ExportInfo.O_RDWR, null, sink)));
        assertEquals(List.of(), model.hooks);
        assertEquals(List.of(), f.bufs.list());
        assertEquals(List.of(), sunk);
    }

    @Test
    void aFailingAllocatedHookLeavesNothingListedAndKeepsThePagesWithTheCaller() {
        model.allocatedError = new ErrnoException(Errno.ENOMEM, "no memory for flush");
        assertErrno(Errno.ENOMEM, () -> f.bufs.exportPages(info(PAGES, BYTES, "test-model", sink)));
        assertEquals(List.of(), f.bufs.list());
        assertEquals(List.of("allocated"), model.hooks);
        assertEquals(List.of(), sunk);
        assertEquals(List.of(), f.freed);
        assertTrue(model.lastBuffer.dmabuf().isReleased());
    }

    @Test
    void aBufferKeepsItsModelAfterUnregistration() {
        DmaBuf buf = f.bufs.exportPages(info(PAGES, BYTES, "test-model", sink));
        f.bufs.unregisterCachingModel("test-model");
        assertErrno(Errno.EINVAL, () -> f.bufs.exportPages(info(PAGES, BYTES, "test-model", sink)));
        buf.attach(cam);
        buf.putAll(Fixture.OWNER);
        assertEquals(List.of("allocated", "attach 1a000000.camera", "released"), model.hooks);
        assertEquals(1, sunk.size());
    }
}
