// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import org.dmabufsim.core.internal.debug.TestDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaBufReleaseTest {
    private final Fixture f = new Fixture();

    @Test
    void rule3_putByAnOwnerHoldingNoneIsEinvalAndChangesNothing() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        ErrnoException e = assertThrows(ErrnoException.class, () -> buf.put(Owner.process(7)));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(1, buf.fileCount());
        assertEquals(Map.of(Fixture.OWNER, 1L), buf.references());
        assertEquals(0, ops.releases.get());
    }

    @Test
    void rule4_lastPutReleasesOnceAndUnlists() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        Owner other = Owner.device("1a000000.camera");
        assertSame(buf, buf.get(other));
        buf.put(Fixture.OWNER);
        assertEquals(0, ops.releases.get());
        assertEquals(List.of(buf), f.bufs.list());
        buf.put(other);
        assertEquals(1, ops.releases.get());
        assertTrue(buf.isReleased());
        assertEquals(List.of(), f.bufs.list());
        assertEquals(List.of(), f.log().records());
    }

    @Test
    void rule4_callsOnAReleasedBufferThrowIllegalState() {
        DmaBufImpl buf = f.export(new FullOps());
        buf.put(Fixture.OWNER);
        assertThrows(IllegalStateException.class, () -> buf.put(Fixture.OWNER));
        assertThrows(IllegalStateException.class, () -> buf.get(Fixture.OWNER));
        assertThrows(IllegalStateException.class, () -> buf.attach(new TestDevice("d")));
        assertThrows(IllegalStateException.class, () -> buf.vmap());
        assertThrows(IllegalStateException.class, () -> buf.mmap(Fixture.OWNER, 0, 1));
        assertThrows(IllegalStateException.class, () -> buf.beginCpuAccess(DmaDirection.FROM_DEVICE));
        assertThrows(IllegalStateException.class, () -> buf.setName("x"));
    }

    @Test
    @DisplayName("A8 / rule 4: release with attachments WARNs and still releases exactly once")
    void a8_releaseWithAttachmentsWarnsAndReleasesOnce() {
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        DmaBufAttachment a = buf.attach(new TestDevice("1a000000.camera"));
        buf.put(Fixture.OWNER);
        assertEquals(1, ops.releases.get());
        assertEquals(List.of("WARNING: at drivers/dma-buf/dma-buf.c dma_buf_release:"
                + " WARN_ON(!list_empty(&dmabuf->attachments))"), f.messages(KernelLog.Level.WARN));
        assertEquals(List.of(), f.bufs.list());
        assertThrows(IllegalStateException.class, () -> buf.detach(a));
    }

    @Test
    @DisplayName("A8 / rule 4: release while vmapped is a BUG; the buffer stays listed with its reference")
    void a8_releaseWhileVmappedIsKernelBug() {
        FullOps ops = new FullOps();
        DmaBufImpl buf = f.export(ops);
        CpuMapping map = buf.vmap();
        KernelBug bug = assertThrows(KernelBug.class, () -> buf.put(Fixture.OWNER));
        assertEquals("BUG_ON(dmabuf->vmapping_counter)", bug.getMessage());
        assertEquals(List.of("kernel BUG at drivers/dma-buf/dma-buf.c dma_buf_release: BUG_ON(dmabuf->vmapping_counter)"),
                f.messages(KernelLog.Level.BUG));
        assertEquals(0, ops.releases.get());
        assertFalse(buf.isReleased());
        assertEquals(List.of(buf), f.bufs.list());
        assertEquals(Map.of(Fixture.OWNER, 1L), buf.references());
        buf.vunmap(map);
        buf.put(Fixture.OWNER);
        assertEquals(1, ops.releases.get());
        assertEquals(List.of(), f.bufs.list());
    }

    @Test
    void rule4_putAllWhileVmappedGivesAllReferencesBack() {
        DmaBufImpl buf = f.export(new FullOps());
        buf.get(Fixture.OWNER);
        buf.vmap();
        assertThrows(KernelBug.class, () -> buf.putAll(Fixture.OWNER));
        assertEquals(Map.of(Fixture.OWNER, 2L), buf.references());
    }

    @Test
    @DisplayName("rule 4: 8 threads getting and putting at random release the buffer exactly once")
    void rule4_releaseExactlyOnceUnderConcurrency() throws Exception {
        for (int round = 0; round < 20; round++) {
            RecordingOps ops = new RecordingOps();
            DmaBufImpl buf = f.export(ops);
            int threads = 8;
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                Owner owner = Owner.process(1000 + t);
                buf.get(owner);
                long seed = round * 100L + t;
                workers.add(new Thread(() -> churn(buf, owner, seed, start, failures)));
            }
            buf.put(Fixture.OWNER);
            workers.forEach(Thread::start);
            for (Thread w : workers) {
                w.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(1, ops.releases.get());
            assertTrue(buf.isReleased());
            assertEquals(0, buf.fileCount());
        }
        assertEquals(List.of(), f.bufs.list());
    }

    private static void churn(DmaBufImpl buf, Owner owner, long seed, CyclicBarrier start, List<Throwable> failures) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long held = 1;
        try {
            start.await();
            for (int i = 0; i < 2000; i++) {
                if (held == 1 || rnd.nextBoolean()) {
                    buf.get(owner);
                    held++;
                } else {
                    buf.put(owner);
                    held--;
                }
            }
            while (held-- > 0) {
                buf.put(owner);
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }
}
