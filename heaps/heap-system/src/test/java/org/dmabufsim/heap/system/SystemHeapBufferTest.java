// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import static org.dmabufsim.heap.system.SystemFixture.KIB;
import static org.dmabufsim.heap.system.SystemFixture.MIB;
import static org.dmabufsim.heap.system.SystemFixture.OWNER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SystemHeapBufferTest {
    @AutoClose
    private final SystemFixture f = new SystemFixture();

    @ParameterizedTest(name = "{0} bytes, flags {1}")
    @CsvSource({"4096, 0", "4096, 1", "1048576, 0", "1048576, 1"})
    @DisplayName("rule 109 (test_alloc_zeroed): 32 buffers filled with 0xff, released, allocated again read zero")
    void rule109_allocZeroedAfterRecycling(long size, long flags) {
        List<DmaBuf> first = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            DmaBuf buf = f.alloc(size, flags);
            CpuMapping map = buf.mmap(OWNER, 0, size / 4096);
            map.fill(0, size, (byte) 0xff);
            map.unmap();
            first.add(buf);
        }
        first.forEach(b -> b.put(OWNER));
        long used = f.buddyUsed();
        byte[] zeros = new byte[(int) size];
        for (int i = 0; i < 32; i++) {
            DmaBuf buf = f.alloc(size, flags);
            CpuMapping map = buf.mmap(OWNER, 0, size / 4096);
            assertArrayEquals(zeros, map.read(0, (int) size), "buffer " + i);
            map.unmap();
        }
        assertEquals(used, f.buddyUsed(), "every chunk came from the pools");
        assertEquals(new HeapStats(0, 0), f.stats());
    }

    @Test
    @DisplayName("rules 58, 73: one sg entry per chunk, PAGE_SIZE << order long, orders non-increasing")
    void rule58_oneSgEntryPerChunk() {
        DmaBuf buf = f.alloc(MIB + 68 * KIB, PageExportInfo.FLAG_CACHED);
        assertEquals(List.of(8, 4, 0), f.orders(buf));
        List<Long> lengths = f.pageBuffer(buf).table().entries().stream().map(Scatterlist::length).toList();
        assertEquals(List.of(MIB, 64 * KIB, 4 * KIB), lengths);
        assertEquals(MIB + 68 * KIB, buf.size());
        assertEquals("system", buf.expName());
    }

    @Test
    @DisplayName("rule 58 (A13): more than half of RAM is ENOMEM through the heap registry, nothing left behind")
    void rule58_halfRamThroughTheRegistry() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> f.alloc(64 * MIB + 4096, 0));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(List.of(), f.sim.dmabufs().list());
        assertEquals(0, f.buddyUsed());
        assertEquals(0, f.sim.heaps().find("system").orElseThrow().liveBuffers());
    }

    @Test
    @DisplayName("H1: removing the heap frees its pools; live buffers keep their data and release to the buddy")
    void h1_removeDrainsPoolsAndLiveBuffersFinishTheirLife() {
        DmaBuf live = f.alloc(64 * KIB, PageExportInfo.FLAG_CACHED);
        CpuMapping map = live.mmap(OWNER, 0, 16);
        byte[] data = new byte[64 * 1024];
        Arrays.fill(data, (byte) 0x3c);
        map.write(0, data);
        f.alloc(MIB, 0).put(OWNER);
        f.alloc(4096, 0).put(OWNER);
        assertEquals(new HeapStats(256, 1), f.stats());

        assertTrue(f.sim.heaps().remove("system"));
        assertEquals(16, f.buddyUsed(), "pools and the deferred list went back at once");
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> f.alloc(4096, 0)).errno());
        assertArrayEquals(data, map.read(0, data.length));
        map.unmap();
        live.put(OWNER);
        assertEquals(0, f.buddyUsed());
        assertFalse(f.sim.heaps().find("system").isPresent());
    }

    @Test
    void theFactoryReadsTheKthreadSetting() {
        SystemHeapFactory factory = new SystemHeapFactory();
        assertEquals("system", factory.type());
        HeapSpec bad = HeapSpec.of("s2", "system", 1, SystemFixture.MODEL).with(SystemHeapFactory.KTHREAD, "sometimes");
        ErrnoException e = assertThrows(ErrnoException.class, () -> f.sim.heaps().add(bad, factory));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of("system"), f.sim.heaps().list().stream().map(i -> i.name()).toList());

        HeapSpec starved = HeapSpec.of("s2", "system", 1, SystemFixture.MODEL)
                .with(SystemHeapFactory.KTHREAD, "starved");
        f.sim.heaps().add(starved, factory);
        f.sim.heaps().allocate("s2", 4096, 0, 0, OWNER).put(OWNER);
        f.sim.heaps().allocate("s2", 4096, 0, 0, OWNER);
        assertEquals(new HeapStats(0, 1), f.sim.heaps().find("s2").orElseThrow().stats(), "the kthread never ran");
        assertEquals(1, f.sim.heaps().shrink("s2", 0));
    }

    @Test
    void theComponentRegistersTheSystemFactory() {
        SystemHeapComponent component = new SystemHeapComponent();
        assertEquals("system", component.type());
        f.sim.heaps().add(HeapSpec.of("s3", "system", 3, SystemFixture.MODEL), component);
        DmaBuf buf = f.sim.heaps().allocate("s3", 8192, 0, 0, OWNER);
        assertEquals(List.of(0, 0), f.orders(buf));
        assertEquals(1, f.sim.heaps().removeAll(component));
        assertEquals(Map.of(OWNER, 1L), buf.references());
    }
}
