// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A8: release with attachments, release while vmapped, vmap refcount (rules 4, 31). */
class A08ReleaseAndVmapTest {
    private static final String CAM = "1a000000.camera";
    private static final String EMPTY_BUFINFO_TRAILER = "\nTotal 0 objects, 0 bytes\n";

    private final Soc soc = Soc.quiet();

    @AfterEach
    void close() {
        soc.close();
    }

    private TestExporter exporter(boolean vmappable) {
        return new TestExporter(soc.sim, soc.zeroedChunks(1), false, vmappable);
    }

    @Test
    @DisplayName("A8 / rule 4: release with attachments WARNs, releases exactly once and unlists")
    void a8_releaseWithAttachmentsWarnsAndReleasesOnce_rule4() {
        TestExporter ops = exporter(false);
        DmaBuf buf = soc.export(ops);
        DmaDevice cam = soc.direct(CAM);
        buf.attach(cam);
        buf.put(Soc.OWNER);
        assertEquals(1, ops.releases.get());
        assertTrue(buf.isReleased());
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_release:"
                + " WARN_ON(!list_empty(&dmabuf->attachments))"), soc.messages(KernelLog.Level.WARN));
        assertEquals(List.of("attach " + CAM, "release"), ops.calls, "no detach: the importer leaked it");
        assertEquals(List.of(), soc.sim.dmabufs().list());
        assertTrue(soc.sim.dmabufs().bufinfo().endsWith(EMPTY_BUFINFO_TRAILER), soc.sim.dmabufs().bufinfo());
        assertThrows(IllegalStateException.class, () -> buf.put(Soc.OWNER));
        assertEquals(1, ops.releases.get());
    }

    @Test
    @DisplayName("A8 / rules 4, 105: a mapping leaked through a released buffer is reported when its device unbinds")
    void a8_mappingLeakedThroughReleasedBufferIsReportedAtUnbind_rule4() {
        TestExporter ops = exporter(false);
        DmaBuf buf = soc.export(ops);
        DmaDevice cam = soc.device(DeviceSpec.of(CAM, "camera"));
        buf.mapAttachment(buf.attach(cam), DmaDirection.FROM_DEVICE);
        buf.put(Soc.OWNER);
        assertEquals(List.of("attach " + CAM, "map " + CAM + " DMA_FROM_DEVICE", "release"), ops.calls);
        assertEquals(1, soc.sim.dmaDebug().entries(CAM).size(), "the importer's mapping outlives the buffer");

        cam.close();
        assertEquals(1, soc.sim.dmaDebug().errorCount(DmaDebugError.LEAK_AT_UNBIND));
        assertTrue(soc.sim.dmaDebug().reports().get(0).message().startsWith("DMA-API: camera " + CAM
                + ": device driver has pending DMA allocations while released from device [count=1]\n"));
        assertEquals(List.of(), soc.sim.dmaDebug().entries());
        assertEquals(3, ops.calls.size(), "a released buffer's exporter is never called again");
    }

    @Test
    @DisplayName("A8 / rule 4: release while vmapped is a BUG; the buffer stays listed with its reference")
    void a8_releaseWhileVmappedIsKernelBug_rule4() {
        TestExporter ops = exporter(true);
        DmaBuf buf = soc.export(ops);
        CpuMapping map = buf.vmap();
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.put(Soc.OWNER));
        assertEquals("BUG_ON(dmabuf->vmapping_counter)", bug.getMessage());
        assertEquals(List.of("kernel BUG at drivers/dma-buf/dma-buf.c dma_buf_release:"
                + " BUG_ON(dmabuf->vmapping_counter)"), soc.messages(KernelLog.Level.BUG));
        assertEquals(0, ops.releases.get());
        assertFalse(buf.isReleased());
        assertEquals(List.of(buf), soc.sim.dmabufs().list());
        assertEquals(Map.of(Soc.OWNER, 1L), buf.references());

        buf.vunmap(map);
        buf.put(Soc.OWNER);
        assertEquals(1, ops.releases.get());
        assertEquals(List.of(), soc.sim.dmabufs().list());
    }

    @Test
    @DisplayName("A8 / rule 31: vmap is refcounted: the exporter maps for the first and unmaps at zero")
    void a8_vmapIsRefcounted_rule31() {
        TestExporter ops = exporter(true);
        DmaBuf buf = soc.export(ops);
        CpuMapping m1 = buf.vmap();
        CpuMapping m2 = buf.vmap();
        assertSame(m1, m2);
        assertEquals(2, buf.vmapCount());
        assertEquals(List.of("vmap"), ops.calls);
        buf.vunmap(m1);
        assertEquals(1, buf.vmapCount());
        assertTrue(m1.isMapped());
        buf.vunmap(m2);
        assertEquals(0, buf.vmapCount());
        assertFalse(m1.isMapped());
        assertEquals(List.of("vmap", "vunmap"), ops.calls);
        CpuMapping m3 = buf.vmap();
        assertTrue(m3.isMapped());
        assertEquals(List.of("vmap", "vunmap", "vmap"), ops.calls);
    }

    @Test
    @DisplayName("A8 / rule 31: vunmap with the count at zero is a BUG")
    void a8_vunmapAtZeroIsKernelBug_rule31() {
        DmaBuf buf = soc.export(exporter(true));
        CpuMapping m = buf.vmap();
        buf.vunmap(m);
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.vunmap(m));
        assertEquals("BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr))", bug.getMessage());
        assertEquals(List.of("kernel BUG at drivers/dma-buf/dma-buf.c dma_buf_vunmap:"
                + " BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr))"), soc.messages(KernelLog.Level.BUG));
        assertEquals(0, buf.vmapCount());
    }

    @Test
    @DisplayName("A8 / rule 31: vunmap of another mapping is a BUG and changes nothing")
    void a8_vunmapOfAnotherMappingIsKernelBug_rule31() {
        DmaBuf buf = soc.export(exporter(true));
        CpuMapping vmap = buf.vmap();
        CpuMapping other = soc.sim.cpu().map(List.of(soc.page(Zone.NORMAL)), MemAttr.CACHEABLE);
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.vunmap(other));
        assertEquals("BUG_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map))", bug.getMessage());
        assertEquals(1, buf.vmapCount());
        assertTrue(vmap.isMapped());
    }

    @Test
    @DisplayName("A8 / rule 31: an exporter without vmap gives EINVAL and no count")
    void a8_noVmapOpIsEinval_rule31() {
        DmaBuf buf = soc.export(exporter(false));
        ErrnoException e = assertThrows(ErrnoException.class, buf::vmap);
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(0, buf.vmapCount());
        buf.put(Soc.OWNER);
        assertEquals(List.of(), soc.messages(KernelLog.Level.BUG));
    }

    @Test
    @DisplayName("A8 / rules 4, 31: a heap buffer's vmap is refcounted, reads zero, and blocks release")
    void a8_heapBufferVmap_rules4and31() {
        DmaBuf buf = soc.exportPages(CachingModel.DMA_HEAP, 1);
        CpuMapping m = buf.vmap();
        assertSame(m, buf.vmap());
        assertEquals(2, buf.vmapCount());
        assertEquals(MemAttr.CACHEABLE, m.attr());
        assertArrayEquals(new byte[2 * Soc.PAGE], m.read(0, 2 * Soc.PAGE));
        assertThrows(KernelBug.class, () -> buf.put(Soc.OWNER));
        buf.vunmap(m);
        buf.vunmap(m);
        assertFalse(m.isMapped());
        buf.put(Soc.OWNER);
        assertTrue(buf.isReleased());
        assertEquals(List.of(), soc.sim.dmabufs().list());
        assertThrows(IllegalStateException.class, () -> buf.beginCpuAccess(DmaDirection.BIDIRECTIONAL));
    }
}
