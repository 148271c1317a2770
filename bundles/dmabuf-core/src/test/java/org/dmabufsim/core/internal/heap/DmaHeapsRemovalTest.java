// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("H1/H5: a removed heap drains; its buffers finish their life cycle without it")
class DmaHeapsRemovalTest {
    private final HeapFixture f = new HeapFixture();

    private DmaBuf alloc(String heap, long len) {
        return f.heaps.allocate(heap, len, 0, ExportInfo.O_RDWR, HeapFixture.OWNER);
    }

    @Test
    void afterRemoveAllocationIsEnodevAndTheHeapIsNotListed() {
        TestFactory factory = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        assertTrue(f.heaps.remove("system"));
        assertFalse(f.heaps.remove("system"));
        ErrnoException e = assertThrows(ErrnoException.class, () -> alloc("system", 4096));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> f.heaps.shrink("system", 0)).errno());
        assertEquals(List.of(), f.heaps.list());
        assertEquals(List.of("shutdown"), factory.last().calls);
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        assertEquals(2, factory.created.size(), "name and id are free again");
    }

    @Test
    void aLiveBufferKeepsItsDataAndReleasesToTheMemoryMapAfterRemove() {
        TestFactory factory = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        DmaBuf buf = alloc("system", 16 * 4096);
        byte[] data = new byte[16 * 4096];
        Arrays.fill(data, (byte) 0xa5);
        CpuMapping map = buf.mmap(HeapFixture.OWNER, 0, 16);
        map.write(0, data);
        long used = f.buddyUsedPages();
        assertEquals(16, used);

        f.heaps.remove("system");
        TestPolicy p = factory.last();
        assertEquals(List.of("allocate 65536 0", "shutdown"), p.calls);
        assertArrayEquals(data, map.read(0, data.length));
        map.unmap();
        buf.put(HeapFixture.OWNER);
        assertEquals(List.of("allocate 65536 0", "shutdown"), p.calls, "the policy is never called again");
        assertTrue(buf.isReleased());
        assertEquals(0, f.buddyUsedPages(), "the pages went straight to the buddy allocator");
    }

    @Test
    @DisplayName("H1: after remove and GC no object of the heap's bundle stays reachable, buffers still alive")
    void h1_policyAndFactoryBecomeUnreachableWhileBuffersLive() throws InterruptedException {
        List<WeakReference<Object>> refs = new ArrayList<>();
        List<DmaBuf> live = addAllocateAndRemove(refs);
        for (int i = 0; i < 200 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(refs.get(0).get(), "policy");
        assertNull(refs.get(1).get(), "factory");
        assertEquals(2, f.sim.dmabufs().list().size());
        live.forEach(b -> b.put(HeapFixture.OWNER));
        assertEquals(0, f.buddyUsedPages());
    }

    /** Keeps no strong reference to the factory or its policy in the caller's frame. */
    private List<DmaBuf> addAllocateAndRemove(List<WeakReference<Object>> refs) {
        TestFactory factory = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        refs.add(new WeakReference<>(factory.last()));
        refs.add(new WeakReference<>(factory));
        List<DmaBuf> live = List.of(alloc("system", 4096), alloc("system", 3 * 4096));
        assertEquals(1, f.heaps.removeAll(factory));
        return live;
    }

    @Test
    @DisplayName("H5: remove never blocks; the allocation in flight completes and the last call out shuts down")
    void h5_shutdownWaitsForTheAllocationInFlight() throws Exception {
        TestFactory factory = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        TestPolicy p = factory.last();
        p.hold = new CountDownLatch(1);
        CompletableFuture<DmaBuf> inFlight = CompletableFuture.supplyAsync(() -> alloc("system", 4096));
        assertTrue(p.entered.await(30, TimeUnit.SECONDS));

        assertTrue(f.heaps.remove("system"));
        assertEquals(0, p.shutdowns.get(), "not while an allocation is in flight");
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> alloc("system", 4096)).errno());

        p.hold.countDown();
        DmaBuf buf = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(4096, buf.size());
        assertEquals(1, p.shutdowns.get());
        assertEquals(List.of("allocate 4096 0", "shutdown"), p.calls);
        buf.put(HeapFixture.OWNER);
        assertEquals(List.of("allocate 4096 0", "shutdown"), p.calls);
        assertEquals(0, f.buddyUsedPages());
    }

    @Test
    void removeAllTakesOnlyTheFactorysHeaps() {
        TestFactory a = new TestFactory("test");
        TestFactory b = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("a1", 1), a);
        f.heaps.add(HeapFixture.spec("b1", 2), b);
        f.heaps.add(HeapFixture.spec("a2", 3), a);
        assertEquals(2, f.heaps.removeAll(a));
        assertEquals(0, f.heaps.removeAll(a));
        assertEquals(List.of("b1"), f.heaps.list().stream().map(i -> i.name()).toList());
        assertEquals(1, ((TestPolicy) a.created.get(0)).shutdowns.get());
        assertEquals(1, ((TestPolicy) a.created.get(1)).shutdowns.get());
        assertEquals(0, ((TestPolicy) b.created.get(0)).shutdowns.get());
    }

    @Test
    @DisplayName("H5: allocations racing removal get a whole buffer or ENODEV; shutdown runs once; pages balance")
    void h5_allocationsRacingRemoval() throws Exception {
        TestFactory factory = new TestFactory("test");
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        TestPolicy p = factory.last();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<int[]>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(CompletableFuture.supplyAsync(() -> allocUntilEnodev(start)));
        }
        start.countDown();
        while (p.calls.size() < 40) {
            Thread.onSpinWait();
        }
        assertTrue(f.heaps.remove("system"));
        int allocated = 0;
        for (CompletableFuture<int[]> w : workers) {
            int[] r = w.get(60, TimeUnit.SECONDS);
            allocated += r[0];
        }
        assertEquals(1, p.shutdowns.get());
        assertEquals("shutdown", p.calls.get(p.calls.size() - 1));
        long frees = p.calls.stream().filter(c -> c.startsWith("free")).count();
        assertEquals(allocated, p.calls.stream().filter(c -> c.startsWith("allocate")).count());
        assertTrue(frees <= allocated);
        assertEquals(0, f.buddyUsedPages());
        assertEquals(List.of(), f.sim.dmabufs().list());
    }

    /** Allocates and releases until ENODEV; returns {allocated}. */
    private int[] allocUntilEnodev(CountDownLatch start) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        int n = 0;
        while (true) {
            DmaBuf buf;
            try {
                buf = alloc("system", 4096);
            } catch (ErrnoException e) {
                assertEquals(Errno.ENODEV, e.errno());
                return new int[] {n};
            }
            n++;
            assertEquals(4096, buf.size());
            buf.put(HeapFixture.OWNER);
        }
    }
}
