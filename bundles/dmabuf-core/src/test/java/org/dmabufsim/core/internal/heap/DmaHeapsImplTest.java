// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class DmaHeapsImplTest {
    private final HeapFixture f = new HeapFixture();
    private final TestFactory factory = new TestFactory("test");

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    private List<String> errors() {
        return f.sim.kernelLog().records().stream().filter(r -> r.level() == KernelLog.Level.ERROR)
                .map(KernelLog.Record::message).toList();
    }

    @Test
    void addCreatesThePolicyWithTheSpecAndListsTheHeap() {
        HeapSpec spec = HeapFixture.spec("system", 0).with("k", "v");
        HeapInfo info = f.heaps.add(spec, new TestFactory("test", ctx -> {
            assertEquals(spec, ctx.spec());
            assertTrue(ctx.sim() == f.sim);
            return new TestPolicy(ctx);
        }));
        assertEquals(new HeapInfo(spec, 0, 0, new HeapStats(3, 4)), info);
        assertEquals(List.of(info), f.heaps.list());
        assertEquals(Optional.of(info), f.heaps.find("system"));
        assertEquals(Optional.empty(), f.heaps.find("cma"));
    }

    @Test
    @DisplayName("rule 72: an empty name, an id outside 0..31, a foreign factory or an unknown model is EINVAL")
    void rule72_badSpecsAreEinvalAndRegisterNothing() {
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapFixture.spec("", 0), factory));
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapFixture.spec("a", -1), factory));
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapFixture.spec("a", 32), factory));
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapSpec.of("a", "cma", 1, CachingModel.DMA_HEAP), factory));
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapSpec.of("a", "test", 1, "no-such-model"), factory));
        assertEquals(List.of(), f.heaps.list());
        assertEquals(List.of(), factory.created);
        assertEquals(List.of("dma_heap: Cannot add heap without a name"), errors());
        f.heaps.add(HeapFixture.spec("a", 31), factory);
        assertEquals(List.of(31), f.heaps.list().stream().map(i -> i.spec().id()).toList());
    }

    @Test
    void aTakenNameOrIdIsEexist() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        assertErrno(Errno.EEXIST, () -> f.heaps.add(HeapFixture.spec("system", 1), factory));
        assertErrno(Errno.EEXIST, () -> f.heaps.add(HeapFixture.spec("other", 0), factory));
        assertEquals(1, factory.created.size());
        assertEquals(List.of("system"), f.heaps.list().stream().map(HeapInfo::name).toList());
        assertEquals(List.of("dma_heap: Already registered heap named system"), errors());
    }

    @Test
    void aFactoryThatFailsLeavesNameAndIdFree() {
        TestFactory failing = new TestFactory("test", ctx -> {
            throw new ErrnoException(Errno.ENODEV, "no area");
        });
        assertErrno(Errno.ENODEV, () -> f.heaps.add(HeapFixture.spec("cma", 4), failing));
        assertErrno(Errno.EINVAL, () -> f.heaps.add(HeapFixture.spec("cma", 4), new TestFactory("test", ctx -> null)));
        assertEquals(List.of(), f.heaps.list());
        assertEquals(List.of("dma_heap: Cannot add heap with invalid ops struct"), errors());
        f.heaps.add(HeapFixture.spec("cma", 4), factory);
        assertTrue(f.heaps.find("cma").isPresent());
    }

    @Test
    @DisplayName("rule 53: heaps are listed by id, whatever the order they were added in")
    void rule53_listIsById() {
        f.heaps.add(HeapFixture.spec("c", 9), factory);
        f.heaps.add(HeapFixture.spec("a", 2), factory);
        f.heaps.add(HeapFixture.spec("b", 5), factory);
        assertEquals(List.of("a", "b", "c"), f.heaps.list().stream().map(HeapInfo::name).toList());
    }

    @Test
    @DisplayName("rules 51, 70: len is page aligned; 0, negative (> 2^63) and wrapping lengths are EINVAL")
    void rule70_lengthIsPageAlignedAndZeroIsEinval() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        for (long len : new long[] {0, -1, -4096, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 4094}) {
            assertErrno(Errno.EINVAL, () -> f.heaps.allocate("system", len, 0, ExportInfo.O_RDWR, HeapFixture.OWNER));
        }
        assertEquals(List.of(), factory.last().calls);
        DmaBuf buf = f.heaps.allocate("system", 1, 0, ExportInfo.O_RDWR, HeapFixture.OWNER);
        assertEquals(4096, buf.size());
        assertEquals(List.of("allocate 4096 0"), factory.last().calls);
        assertEquals(Long.MAX_VALUE - 4095, DmaHeapsImpl.pageAlign(Long.MAX_VALUE - 4095));
        assertEquals(8192, DmaHeapsImpl.pageAlign(4097));
    }

    @Test
    void anUnknownHeapIsEnodev() {
        assertErrno(Errno.ENODEV, () -> f.heaps.allocate("system", 4096, 0, ExportInfo.O_RDWR, HeapFixture.OWNER));
        assertErrno(Errno.ENODEV, () -> f.heaps.allocate(null, 4096, 0, ExportInfo.O_RDWR, HeapFixture.OWNER));
        assertErrno(Errno.ENODEV, () -> f.heaps.shrink("system", 0));
        assertFalse(f.heaps.remove("system"));
    }

    @Test
    void allocateExportsThePagesWithTheHeapsNameModelAndFlags() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        DmaBuf buf = f.heaps.allocate("system", 3 * 4096 + 5, PageExportInfo.FLAG_CACHED, ExportInfo.O_RDWR,
                HeapFixture.OWNER);
        assertEquals(4 * 4096, buf.size());
        assertEquals("system", buf.expName());
        assertEquals(Optional.of(CachingModel.DMA_HEAP), buf.cachingModel());
        assertEquals(ExportInfo.O_RDWR, buf.fileFlags());
        assertEquals(java.util.Map.of(HeapFixture.OWNER, 1L), buf.references());
        HeapInfo info = f.heaps.find("system").orElseThrow();
        assertEquals(1, info.liveBuffers());
        assertEquals(4 * 4096, info.liveBytes());
        buf.put(HeapFixture.OWNER);
        TestPolicy p = factory.last();
        assertEquals(2, p.calls.size());
        assertTrue(p.calls.get(1).startsWith("free [PageRange[pfn="), p.calls.get(1));
        assertTrue(p.calls.get(1).endsWith(", count=4]] 1"), p.calls.get(1));
        assertEquals(0, f.heaps.find("system").orElseThrow().liveBuffers());
        assertEquals(0, f.heaps.find("system").orElseThrow().liveBytes());
        assertEquals(0, f.buddyUsedPages());
    }

    @Test
    void heapBuffersReadZeroThroughTheirMapping() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        DmaBuf buf = f.heaps.allocate("system", 8192, 0, ExportInfo.O_RDWR, HeapFixture.OWNER);
        var map = buf.vmap();
        map.fill(0, 8192, (byte) 0x5a);
        assertEquals(0x5a, map.readByte(8191));
        buf.vunmap(map);
        buf.put(HeapFixture.OWNER);
        DmaBuf again = f.heaps.allocate("system", 8192, 0, ExportInfo.O_RDWR, HeapFixture.OWNER);
        var map2 = again.vmap();
        assertTrue(java.util.Arrays.equals(new byte[8192], map2.read(0, 8192)));
        again.vunmap(map2);
        again.put(HeapFixture.OWNER);
    }

    @Test
    void aFailedExportGivesThePagesBackToThePolicy() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        f.sim.dmabufs().unregisterCachingModel(CachingModel.DMA_HEAP);
        assertErrno(Errno.EINVAL, () -> f.heaps.allocate("system", 4096, 2, ExportInfo.O_RDWR, HeapFixture.OWNER));
        TestPolicy p = factory.last();
        assertEquals("allocate 4096 2", p.calls.get(0));
        assertTrue(p.calls.get(1).startsWith("free [PageRange[pfn=") && p.calls.get(1).endsWith("count=1]] 2"));
        assertEquals(0, f.heaps.find("system").orElseThrow().liveBuffers());
        assertEquals(0, f.buddyUsedPages());
        assertEquals(List.of(), f.sim.dmabufs().list());
    }

    @Test
    void policyErrorsPassThroughAndLeaveNoBuffer() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        factory.last().failWith = new ErrnoException(Errno.ENOMEM, "test");
        assertErrno(Errno.ENOMEM, () -> f.heaps.allocate("system", 4096, 0, ExportInfo.O_RDWR, HeapFixture.OWNER));
        assertEquals(0, f.heaps.find("system").orElseThrow().liveBuffers());
        assertEquals(List.of(), f.sim.dmabufs().list());
    }

    @Test
    @DisplayName("rule 66: shrink(0) is the shrinker's count, shrink(n) its scan")
    void rule66_shrinkCountsOrScans() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        assertEquals(7, f.heaps.shrink("system", 0));
        assertEquals(5, f.heaps.shrink("system", 10));
        assertEquals(List.of("scan 10"), factory.last().calls);
        assertErrno(Errno.EINVAL, () -> f.heaps.shrink("system", -1));
    }

    @Test
    void theBufferSgTableHasThePolicysChunks() {
        f.heaps.add(HeapFixture.spec("system", 0), factory);
        DmaBuf buf = f.heaps.allocate("system", 5 * 4096, 0, ExportInfo.O_RDWR, HeapFixture.OWNER);
        var vmap = buf.vmap();
        long phys = vmap.physAt(0);
        assertEquals(0, phys % (8 * 4096), "one naturally aligned order-3 block");
        assertEquals(phys + 4 * 4096, vmap.physAt(4 * 4096));
        buf.vunmap(vmap);
        buf.put(HeapFixture.OWNER);
    }
}
