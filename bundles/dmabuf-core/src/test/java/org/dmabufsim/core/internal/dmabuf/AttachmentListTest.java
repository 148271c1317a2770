// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.core.internal.debug.TestDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class AttachmentListTest {
    private static final String CAM = "1a000000.camera";
    private final Fixture f = new Fixture();
    private final TestDevice cam = new TestDevice(CAM);
    private final TestDevice gpu = new TestDevice("1b000000.gpu");

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    @Test
    void rule7_attachListsAtTheHeadAfterOpsAttach() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        DmaBufAttachment b = buf.attach(gpu);
        assertEquals(List.of(b, a), buf.attachments());
        assertSame(buf, a.dmabuf());
        assertSame(cam, a.device());
        assertTrue(a.isAttached());
        assertEquals(List.of("attach " + CAM, "attach 1b000000.gpu"), ops.calls);
    }

    @Test
    void rule8_attachErrorIsReturnedAndNothingListed() {
        RecordingOps ops = new RecordingOps();
        ops.attachError = new ErrnoException(Errno.EBUSY, "storage not reachable");
        DmaBufImpl buf = f.export(ops);
        assertErrno(Errno.EBUSY, () -> buf.attach(cam));
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    void rule7_attachWithoutDeviceIsEinvalWithWarn() {
        DmaBufImpl buf = f.export(new RecordingOps());
        assertErrno(Errno.EINVAL, () -> buf.attach(null));
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_dynamic_attach: WARN_ON(!dmabuf || !dev)"),
                f.messages(KernelLog.Level.WARN));
    }

    @Test
    void attachOfAClosedDeviceIsEnodev() {
        DmaBufImpl buf = f.export(new RecordingOps());
        cam.close();
        assertErrno(Errno.ENODEV, () -> buf.attach(cam));
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    @DisplayName("A6 / rule 11: map through a detached attachment is EINVAL")
    void a6_mapAfterDetachIsEinval() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        buf.detach(a);
        assertFalse(a.isAttached());
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertEquals(List.of("attach " + CAM, "detach " + CAM), ops.calls);
    }

    @Test
    @DisplayName("A6 / rule 11: map through another buffer's attachment is EINVAL")
    void a6_mapOfForeignAttachmentIsEinval() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufImpl other = f.export(new RecordingOps());
        DmaBufAttachment foreign = other.attach(cam);
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(foreign, DmaDirection.TO_DEVICE));
        assertErrno(Errno.EINVAL, () -> buf.detach(foreign));
        assertTrue(foreign.isAttached());
        assertEquals(List.of(), ops.calls);
    }

    @Test
    @DisplayName("A6 / rule 11: map of a null attachment is EINVAL with the kernel's WARN")
    void a6_mapOfNullAttachmentIsEinval() {
        DmaBufImpl buf = f.export(new RecordingOps());
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(null, DmaDirection.TO_DEVICE));
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_map_attachment:"
                + " WARN_ON(!attach || !attach->dmabuf)"), f.messages(KernelLog.Level.WARN));
    }

    @Test
    @DisplayName("A6 / rule 18: map with DMA_NONE is EINVAL and leaves no state")
    void a6_mapWithDmaNoneIsEinvalWithoutState() {
        RecordingOps ops = new RecordingOps().cached();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, DmaDirection.NONE));
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, null));
        assertEquals(Optional.empty(), a.cachedSgt());
        assertEquals(Optional.empty(), a.cachedDirection());
        assertEquals(List.of("attach " + CAM), ops.calls);
        assertEquals(List.of(), ((DmaBufAttachmentImpl) a).outstanding());
    }

    @Test
    @DisplayName("A7 / rule 12: cached table: same direction returns it without a new exporter map")
    void a7_cachedSameDirectionReturnsSameTable() {
        RecordingOps ops = new RecordingOps().cached();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        SgTable t1 = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        SgTable t2 = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        assertSame(t1, t2);
        assertEquals(Optional.of(t1), a.cachedSgt());
        assertEquals(Optional.of(DmaDirection.TO_DEVICE), a.cachedDirection());
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_TO_DEVICE"), ops.calls);
    }

    @Test
    @DisplayName("A7 / rule 12: cached table: another direction is EBUSY")
    void a7_cachedOtherDirectionIsEbusy() {
        RecordingOps ops = new RecordingOps().cached();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        assertErrno(Errno.EBUSY, () -> buf.mapAttachment(a, DmaDirection.FROM_DEVICE));
        assertErrno(Errno.EBUSY, () -> buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL));
        assertEquals(2, ops.calls.size());
    }

    @Test
    @DisplayName("A7 / rule 12: a cached BIDIRECTIONAL table serves every direction")
    void a7_cachedBidirectionalServesAll() {
        RecordingOps ops = new RecordingOps().cached();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        SgTable t = buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
        assertSame(t, buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertSame(t, buf.mapAttachment(a, DmaDirection.FROM_DEVICE));
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_BIDIRECTIONAL"), ops.calls);
    }

    @Test
    @DisplayName("A7 / rule 17: unmap of the cached table is a no-op; detach unmaps it once")
    void a7_unmapOfCachedTableIsNoOpUntilDetach() {
        RecordingOps ops = new RecordingOps().cached();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        SgTable t = buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.FROM_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.FROM_DEVICE);
        assertEquals(Optional.of(t), a.cachedSgt());
        assertEquals(2, ops.calls.size());
        buf.detach(a);
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_FROM_DEVICE", "unmap " + CAM + " DMA_FROM_DEVICE",
                "detach " + CAM), ops.calls);
        assertEquals(Optional.empty(), a.cachedSgt());
    }

    @Test
    @DisplayName("rule 13: without cache_sgt_mapping every map reaches the exporter")
    void rule13_uncachedMapsEveryTime() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        SgTable t1 = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        SgTable t2 = buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        assertNotSame(t1, t2);
        assertEquals(Optional.empty(), a.cachedSgt());
        buf.unmapAttachment(a, t1, DmaDirection.TO_DEVICE);
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_TO_DEVICE", "map " + CAM + " DMA_FROM_DEVICE",
                "unmap " + CAM + " DMA_TO_DEVICE"), ops.calls);
        assertEquals(List.of(new DmaBufAttachmentImpl.Mapping(t2, DmaDirection.FROM_DEVICE)),
                ((DmaBufAttachmentImpl) a).outstanding());
    }

    @Test
    void rule14_nullFromExporterIsEnomemWithoutState() {
        RecordingOps ops = new RecordingOps().cached();
        ops.mapNull = true;
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        assertErrno(Errno.ENOMEM, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertEquals(Optional.empty(), a.cachedSgt());
    }

    @Test
    void unmapOfATableNotOutstandingWarnsAndDoesNothing() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        DmaBufAttachment b = buf.attach(gpu);
        SgTable t = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        buf.unmapAttachment(b, t, DmaDirection.TO_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.TO_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.TO_DEVICE);
        String warn = "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_unmap_attachment:"
                + " sg_table was not mapped through this attachment";
        assertEquals(List.of(warn, warn), f.messages(KernelLog.Level.WARN));
        assertEquals(1, ops.calls.stream().filter(c -> c.startsWith("unmap")).count());
    }

    @Test
    void rule17_unmapWithNullTableWarnsAndDoesNothing() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        buf.unmapAttachment(a, null, DmaDirection.TO_DEVICE);
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_unmap_attachment:"
                + " WARN_ON(!attach || !attach->dmabuf || !sg_table)"), f.messages(KernelLog.Level.WARN));
        assertEquals(List.of("attach " + CAM), ops.calls);
    }

    @Test
    void rule9_detachTwiceOrForeignIsEinval() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        buf.detach(a);
        assertErrno(Errno.EINVAL, () -> buf.detach(a));
        assertEquals(List.of("attach " + CAM, "detach " + CAM), ops.calls);
    }

    @Test
    void forceDetachUnmapsWhatTheDeviceLeftNewestFirstThenDetaches() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        DmaBufAttachment b = buf.attach(gpu);
        buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        buf.mapAttachment(b, DmaDirection.BIDIRECTIONAL);
        ops.calls.clear();
        assertEquals(1, buf.forceDetach(cam));
        assertEquals(List.of("unmap " + CAM + " DMA_FROM_DEVICE", "unmap " + CAM + " DMA_TO_DEVICE", "detach " + CAM),
                ops.calls);
        assertEquals(List.of(b), buf.attachments());
        assertFalse(a.isAttached());
        assertTrue(b.isAttached());
        assertErrno(Errno.ENODEV, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertErrno(Errno.ENODEV, () -> buf.detach(a));
        assertEquals(0, buf.forceDetach(cam));
    }

    @Test
    void mapForAClosedDeviceIsEnodev() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        cam.close();
        assertErrno(Errno.ENODEV, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        buf.detach(a);
        assertEquals(List.of("attach " + CAM, "detach " + CAM), ops.calls);
    }

    @Test
    @DisplayName("rule 15: a fresh map waits for KERNEL fences only")
    void rule15_mapWaitsForKernelFences() {
        DmaBufImpl buf = f.export(new RecordingOps().cached());
        TestFence kernel = new TestFence("mover", "move", 1, 1);
        TestFence write = new TestFence("gpu", "gfx", 2, 1);
        buf.resv().addFence(kernel, org.dmabufsim.dmabuf.ResvUsage.KERNEL);
        buf.resv().addFence(write, org.dmabufsim.dmabuf.ResvUsage.WRITE);
        DmaBufAttachment a = buf.attach(cam);
        buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        assertEquals(1, kernel.awaits());
        assertEquals(0, write.awaits());
    }
}
