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
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** vmap (rule 31), mmap (rules 5, 29) and names (rule 27). */
class DmaBufMappingsTest {
    private final Fixture f = new Fixture();

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    @Test
    @DisplayName("A8 / rule 31: two vmaps call the exporter once; it unmaps when the count returns to zero")
    void a8_vmapIsRefcounted() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        CpuMapping m1 = buf.vmap();
        CpuMapping m2 = buf.vmap();
        assertSame(m1, m2);
        assertEquals(2, buf.vmapCount());
        assertEquals(List.of("vmap"), ops.calls);
        buf.vunmap(m1);
        assertEquals(1, buf.vmapCount());
        assertEquals(0, ops.lastVmap.unmaps());
        buf.vunmap(m2);
        assertEquals(0, buf.vmapCount());
        assertEquals(List.of("vmap", "vunmap"), ops.calls);
        assertEquals(1, ops.lastVmap.unmaps());
        CpuMapping m3 = buf.vmap();
        assertEquals(List.of("vmap", "vunmap", "vmap"), ops.calls);
        assertSame(ops.lastVmap, m3);
    }

    @Test
    @DisplayName("A8 / rule 31: vunmap with count 0 is a BUG")
    void a8_extraVunmapIsBug() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        CpuMapping m = buf.vmap();
        buf.vunmap(m);
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.vunmap(m));
        assertEquals("BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr))", bug.getMessage());
        assertEquals(List.of("kernel BUG at drivers/dma-buf/dma-buf.c dma_buf_vunmap:"
                + " BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr))"), f.messages(KernelLog.Level.BUG));
        assertEquals(0, buf.vmapCount());
    }

    @Test
    @DisplayName("rule 31: vunmap of another mapping is a BUG and changes nothing")
    void rule31_vunmapOfOtherMappingIsBug() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        buf.vmap();
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.vunmap(new FakeMapping(4096)));
        assertEquals("BUG_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map))", bug.getMessage());
        assertEquals(1, buf.vmapCount());
    }

    @Test
    @DisplayName("rule 31: no ops->vmap is EINVAL")
    void rule31_noVmapOpIsEinval() {
        DmaBufImpl buf = f.export(new RecordingOps());
        assertErrno(Errno.EINVAL, buf::vmap);
        assertEquals(0, buf.vmapCount());
        assertEquals(List.of(), f.log().records());
    }

    @Test
    @DisplayName("rule 31: a failing exporter vmap gets WARN_ON_ONCE and no count")
    void rule31_failingVmapWarnsOnce() {
        FullOps ops = new FullOps();
        ops.vmapError = new ErrnoException(Errno.ENOMEM, "vmalloc space");
        DmaBufImpl buf = f.export(ops);
        assertErrno(Errno.ENOMEM, buf::vmap);
        assertErrno(Errno.ENOMEM, buf::vmap);
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_vmap: WARN_ON_ONCE(ret)"),
                f.messages(KernelLog.Level.WARN));
        assertEquals(0, buf.vmapCount());
    }

    @Test
    @DisplayName("rule 5: an mmap keeps the buffer alive after every other reference is put")
    void rule5_mmapKeepsBufferAlive() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        Owner app = Owner.process(42);
        CpuMapping m = buf.mmap(app, 1, 2);
        assertEquals(2 * 4096, m.size());
        assertEquals(Map.of(Fixture.OWNER, 1L, app, 1L), buf.references());
        buf.put(Fixture.OWNER);
        assertFalse(buf.isReleased());
        assertEquals(List.of(buf), f.bufs.list());
        assertTrue(m.isMapped());
        m.unmap();
        assertFalse(m.isMapped());
        assertEquals(1, ops.lastMmap.unmaps());
        assertEquals(1, ops.releases.get());
        assertTrue(buf.isReleased());
        m.unmap();
        assertEquals(1, ops.lastMmap.unmaps());
        assertEquals(1, ops.releases.get());
    }

    @Test
    void rule5_mmapReferenceIsDroppedByPutAllOfItsOwner() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        CpuMapping m = buf.mmap(Fixture.OWNER, 0, 1);
        assertEquals(2, buf.putAll(Fixture.OWNER));
        assertEquals(1, ops.releases.get());
        m.unmap();
        assertEquals(1, ops.releases.get());
    }

    @Test
    @DisplayName("A5 / rule 29: mmap beyond the buffer is EINVAL before the exporter is called")
    void rule29_mmapBounds() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops, 4 * 4096);
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, 0, 5));
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, 3, 2));
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, 4, 1));
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, 0, 0));
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, -1, 1));
        assertErrno(Errno.EOVERFLOW, () -> buf.mmap(Fixture.OWNER, Long.MAX_VALUE, 1));
        assertEquals(List.of(), ops.calls);
        assertEquals(1, buf.fileCount());
        buf.mmap(Fixture.OWNER, 3, 1);
        buf.mmap(Fixture.OWNER, 0, 4);
        assertEquals(List.of("mmap 3 1", "mmap 0 4"), ops.calls);
    }

    @Test
    @DisplayName("rule 29: no ops->mmap is EINVAL")
    void rule29_noMmapOpIsEinval() {
        DmaBufImpl buf = f.export(new RecordingOps());
        assertErrno(Errno.EINVAL, () -> buf.mmap(Fixture.OWNER, 0, 1));
        assertEquals(1, buf.fileCount());
    }

    @Test
    @DisplayName("rule 27: names up to 31 bytes; longer is EINVAL and keeps the old name")
    void rule27_names() {
        DmaBufImpl buf = f.export(new RecordingOps());
        assertEquals(Optional.empty(), buf.name());
        String max = "a".repeat(DmaBuf.NAME_LEN - 1);
        buf.setName(max);
        assertEquals(Optional.of(max), buf.name());
        assertErrno(Errno.EINVAL, () -> buf.setName("b".repeat(DmaBuf.NAME_LEN)));
        assertErrno(Errno.EINVAL, () -> buf.setName("\u00e9".repeat(16)));
        assertEquals(Optional.of(max), buf.name());
        buf.attach(new TestDevice("1a000000.camera"));
        buf.setName("camera-preview");
        assertEquals(Optional.of("camera-preview"), buf.name());
        assertErrno(Errno.EFAULT, () -> buf.setName(null));
    }
}
