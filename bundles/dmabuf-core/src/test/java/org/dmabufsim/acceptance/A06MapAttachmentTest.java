// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A6: map_attachment without a live attachment, and with DMA_NONE (rules 11, 18). */
class A06MapAttachmentTest {
    private static final String CAM = "1a000000.camera";

    private final Soc soc = Soc.quiet();
    private final DmaDevice cam = soc.direct(CAM);

    @AfterEach
    void close() {
        soc.close();
    }

    private TestExporter exporter(boolean cacheSgt) {
        return new TestExporter(soc.sim, soc.zeroedChunks(0, 0), cacheSgt, false);
    }

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    @Test
    @DisplayName("A6 / rule 11: map through a detached attachment is EINVAL and never reaches the exporter")
    void a6_mapAfterDetachIsEinval_rule11() {
        TestExporter ops = exporter(false);
        DmaBuf buf = soc.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        buf.detach(a);
        assertFalse(a.isAttached());
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertEquals(List.of("attach " + CAM, "detach " + CAM), ops.calls);
        assertEquals(0, soc.sim.counters().dmaMapCalls());
    }

    @Test
    @DisplayName("A6 / rule 11: an attachment whose device was unbound is force-detached; map is ENODEV")
    void a6_mapAfterDeviceUnbindIsEnodev_rule11() {
        TestExporter ops = exporter(false);
        DmaBuf buf = soc.export(ops);
        DmaDevice gpu = soc.iommu("gpu0");
        DmaBufAttachment a = buf.attach(gpu);
        buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        gpu.close();
        assertFalse(a.isAttached());
        assertEquals(List.of(), buf.attachments());
        assertEquals(List.of("attach gpu0", "map gpu0 DMA_TO_DEVICE", "unmap gpu0 DMA_TO_DEVICE", "detach gpu0"),
                ops.calls, "the core unmapped and detached what the device left");
        assertErrno(Errno.ENODEV, () -> buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertErrno(Errno.ENODEV, () -> buf.detach(a));
        assertEquals(4, ops.calls.size());
    }

    @Test
    @DisplayName("A6 / rule 11: map through another buffer's attachment is EINVAL; that attachment stays")
    void a6_mapOfAnotherBuffersAttachmentIsEinval_rule11() {
        TestExporter ops = exporter(false);
        DmaBuf buf = soc.export(ops);
        DmaBuf other = soc.export(exporter(false));
        DmaBufAttachment foreign = other.attach(cam);
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(foreign, DmaDirection.TO_DEVICE));
        assertTrue(foreign.isAttached());
        assertEquals(List.of(foreign), other.attachments());
        assertEquals(List.of(), buf.attachments());
        assertEquals(List.of(), ops.calls);
    }

    @Test
    @DisplayName("A6 / rule 11: map of a null attachment is EINVAL with the kernel's WARN")
    void a6_mapOfNullAttachmentIsEinvalWithWarn_rule11() {
        DmaBuf buf = soc.export(exporter(false));
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(null, DmaDirection.TO_DEVICE));
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_map_attachment:"
                + " WARN_ON(!attach || !attach->dmabuf)"), soc.messages(KernelLog.Level.WARN));
    }

    @Test
    @DisplayName("A6 / rule 18: map with DMA_NONE is EINVAL, reaches no exporter and leaves no state")
    void a6_mapWithDmaNoneIsEinvalAndLeavesNoState_rule18() {
        TestExporter ops = exporter(true);
        DmaBuf buf = soc.export(ops);
        DmaBufAttachment a = buf.attach(cam);
        assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, DmaDirection.NONE));
        assertEquals(Optional.empty(), a.cachedSgt());
        assertEquals(Optional.empty(), a.cachedDirection());
        assertEquals(List.of(), soc.sim.dmaDebug().entries());
        assertEquals(0, soc.sim.counters().dmaMapCalls());

        SgTable t = buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        assertEquals(Optional.of(t), a.cachedSgt(), "a later valid map caches as if nothing happened");
        buf.detach(a);
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_FROM_DEVICE", "unmap " + CAM + " DMA_FROM_DEVICE",
                "detach " + CAM), ops.calls);
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A6 / rule 18: map of a heap buffer with DMA_NONE is EINVAL without any dma_map call")
    void a6_mapOfHeapBufferWithDmaNoneIsEinval_rule18() {
        for (String model : List.of(CachingModel.ION_4_9, CachingModel.ION_4_12, CachingModel.DMA_HEAP)) {
            DmaBuf buf = soc.exportPages(model, 0, 1);
            DmaBufAttachment a = buf.attach(cam);
            Counters before = soc.sim.counters();
            assertErrno(Errno.EINVAL, () -> buf.mapAttachment(a, DmaDirection.NONE));
            Counters d = soc.sim.counters().minus(before);
            assertEquals(0, d.dmaMapCalls() + d.linesWalked(), model);
            assertEquals(List.of(), soc.sim.dmaDebug().entries(CAM), model);
            buf.detach(a);
        }
        assertEquals(0, soc.sim.log().count(KernelLog.Level.BUG), "the dma-buf layer refuses before dma_map_sg");
    }

    @Test
    @DisplayName("A6 / rule 18: DMA_NONE reaching dma_map_sgtable itself is the kernel BUG, with no state")
    void a6_dmaNoneInTheDmaApiIsKernelBug_rule18() {
        SgTable t = soc.dma.sgTableOf(List.of(soc.page(Zone.NORMAL)));
        KernelBug bug = assertThrows(KernelBug.class,
                () -> soc.dma.mapSgtable(cam, t, DmaDirection.NONE, DmaAttrs.NONE));
        assertEquals("BUG_ON(!valid_dma_direction(dir))", bug.getMessage());
        assertEquals(List.of("kernel BUG at kernel/dma/mapping.c: BUG_ON(!valid_dma_direction(dir))"),
                soc.messages(KernelLog.Level.BUG));
        assertEquals(0, t.get(0).dmaAddress());
        assertEquals(0, t.get(0).dmaLength());
        assertEquals(List.of(), soc.sim.dmaDebug().entries());
        assertEquals(0, soc.sim.counters().dmaMapCalls());
    }
}
