// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmabufsim.core.internal.debug.TestDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaBufsImplTest {
    private static final String OPS_WARN = "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_export: WARN_ON(!exp_info->priv"
            + " || !exp_info->ops || !exp_info->ops->map_dma_buf || !exp_info->ops->unmap_dma_buf"
            + " || !exp_info->ops->release)";

    private final Fixture f = new Fixture();

    private void assertExportFails(ExportInfo info, String warning) {
        ErrnoException e = assertThrows(ErrnoException.class, () -> f.bufs.export(info));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(warning), f.messages(KernelLog.Level.WARN));
        assertEquals(List.of(), f.bufs.list());
    }

    @Test
    void rule1_exportWithoutOpsIsEinvalWithWarn() {
        assertExportFails(new ExportInfo("test", 4096, null, ExportInfo.O_RDWR, Fixture.OWNER), OPS_WARN);
    }

    @Test
    void rule1_exportWithoutInfoIsEinvalWithWarn() {
        assertExportFails(null, OPS_WARN);
    }

    @Test
    void rule1_exportWithoutNameIsEinvalWithWarn() {
        assertExportFails(new ExportInfo(null, 4096, new RecordingOps(), ExportInfo.O_RDWR, Fixture.OWNER),
                "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_export: WARN_ON(!exp_info->exp_name)");
    }

    @Test
    void rule1_exportWithEmptyNameIsEinvalWithWarn() {
        assertExportFails(new ExportInfo("", 4096, new RecordingOps(), ExportInfo.O_RDWR, Fixture.OWNER),
                "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_export: WARN_ON(!exp_info->exp_name)");
    }

    @Test
    void rule1_exportWithoutOwnerIsEinvalWithWarn() {
        assertExportFails(new ExportInfo("test", 4096, new RecordingOps(), ExportInfo.O_RDWR, null),
                "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_export: WARN_ON(!exp_info->owner)");
    }

    @Test
    void rule1_exportOfSizeZeroOrNegativeIsEinvalWithWarn() {
        assertExportFails(new ExportInfo("test", 0, new RecordingOps(), ExportInfo.O_RDWR, Fixture.OWNER),
                "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_export: WARN_ON(!exp_info->size)");
        ErrnoException e = assertThrows(ErrnoException.class, () -> f.bufs.export(
                new ExportInfo("test", -4096, new RecordingOps(), ExportInfo.O_RDWR, Fixture.OWNER)));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void rule1_exportGivesOneReferenceToTheOwner() {
        DmaBufImpl buf = f.export(new RecordingOps(), 8192);
        assertEquals(8192, buf.size());
        assertEquals("test", buf.expName());
        assertEquals(1, buf.fileCount());
        assertEquals(Map.of(Fixture.OWNER, 1L), buf.references());
        assertFalse(buf.isReleased());
        assertEquals(Optional.empty(), buf.cachingModel());
    }

    @Test
    void rule6_fileFlagsKeepAccessModeAndNonblockOnly() {
        int flags = ExportInfo.O_RDWR | ExportInfo.O_CLOEXEC | ExportInfo.O_NONBLOCK;
        DmaBuf buf = f.bufs.export(new ExportInfo("test", 4096, new RecordingOps(), flags, Fixture.OWNER));
        assertEquals(ExportInfo.O_RDWR | ExportInfo.O_NONBLOCK, buf.fileFlags());
    }

    @Test
    @DisplayName("rule 6: f_mode is OPEN_FMODE | FMODE_LSEEK | FMODE_OPENED (O_RDWR -> 0x80007)")
    void rule6_fileModeFollowsAccessMode() {
        assertEquals(0x80007, modeFor(ExportInfo.O_RDWR | ExportInfo.O_CLOEXEC));
        assertEquals(0x80005, modeFor(ExportInfo.O_RDONLY));
        assertEquals(0x80006, modeFor(ExportInfo.O_WRONLY));
    }

    private int modeFor(int flags) {
        return f.bufs.export(new ExportInfo("test", 4096, new RecordingOps(), flags, Fixture.OWNER)).fileMode();
    }

    @Test
    void rule34_listIsNewestFirstAndInodesIncreaseFromOne() {
        DmaBuf a = f.export(new RecordingOps());
        DmaBuf b = f.export(new RecordingOps());
        DmaBuf c = f.export(new RecordingOps());
        assertEquals(List.of(1L, 2L, 3L), List.of(a.inode(), b.inode(), c.inode()));
        assertEquals(List.of(c, b, a), f.bufs.list());
        assertSame(b, f.bufs.find(2).orElseThrow());
        b.put(Fixture.OWNER);
        assertEquals(List.of(c, a), f.bufs.list());
        assertEquals(Optional.empty(), f.bufs.find(2));
    }

    @Test
    void inodesArePerSimulation() {
        f.export(new RecordingOps());
        Fixture other = new Fixture();
        assertEquals(1, other.export(new RecordingOps()).inode());
    }

    @Test
    void cachingModelRegistryRejectsDuplicatesAndSortsNames() {
        f.bufs.registerCachingModel(new RecordingModel("ion-4.9"));
        f.bufs.registerCachingModel(new RecordingModel("dma-heap"));
        f.bufs.registerCachingModel(new RecordingModel("ion-4.12"));
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> f.bufs.registerCachingModel(new RecordingModel("dma-heap")));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of("dma-heap", "ion-4.12", "ion-4.9"), f.bufs.cachingModels());
        assertEquals("ion-4.12", f.bufs.cachingModel("ion-4.12").orElseThrow().name());
        f.bufs.unregisterCachingModel("ion-4.12");
        assertEquals(List.of("dma-heap", "ion-4.9"), f.bufs.cachingModels());
        assertEquals(Optional.empty(), f.bufs.cachingModel("ion-4.12"));
        f.bufs.registerCachingModel(new RecordingModel("ion-4.12"));
        assertTrue(f.bufs.cachingModels().contains("ion-4.12"));
    }

    @Test
    void cachingModelWithoutNameIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> f.bufs.registerCachingModel(new RecordingModel("")));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), f.bufs.cachingModels());
    }

    @Test
    void forceDetachTearsDownTheDeviceInEveryBuffer() {
        TestDevice cam = new TestDevice("1a000000.camera");
        TestDevice gpu = new TestDevice("1b000000.gpu");
        RecordingOps opsA = new RecordingOps();
        RecordingOps opsB = new RecordingOps().cached();
        DmaBufImpl a = f.export(opsA);
        DmaBufImpl b = f.export(opsB);
        a.mapAttachment(a.attach(cam), DmaDirection.TO_DEVICE);
        b.mapAttachment(b.attach(cam), DmaDirection.BIDIRECTIONAL);
        b.attach(gpu);
        assertEquals(2, f.bufs.forceDetach(cam));
        assertEquals(List.of("attach 1a000000.camera", "map 1a000000.camera DMA_TO_DEVICE",
                "unmap 1a000000.camera DMA_TO_DEVICE", "detach 1a000000.camera"), opsA.calls);
        assertEquals(List.of("attach 1a000000.camera", "map 1a000000.camera DMA_BIDIRECTIONAL",
                "attach 1b000000.gpu", "unmap 1a000000.camera DMA_BIDIRECTIONAL", "detach 1a000000.camera"),
                opsB.calls);
        assertEquals(List.of(), a.attachments());
        assertEquals(List.of(gpu), b.attachments().stream().map(x -> x.device()).toList());
        assertEquals(0, f.bufs.forceDetach(cam));
    }

    @Test
    void putAllDropsEveryReferenceOfOneOwnerOnly() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        Owner bundle = Owner.bundle("org.example.heap");
        buf.get(Fixture.OWNER).get(Fixture.OWNER).get(bundle);
        assertEquals(4, buf.fileCount());
        assertEquals(3, buf.putAll(Fixture.OWNER));
        assertEquals(Map.of(bundle, 1L), buf.references());
        assertEquals(0, buf.putAll(Fixture.OWNER));
        assertEquals(0, ops.releases.get());
        assertEquals(1, buf.putAll(bundle));
        assertEquals(1, ops.releases.get());
        assertTrue(buf.isReleased());
    }
}
