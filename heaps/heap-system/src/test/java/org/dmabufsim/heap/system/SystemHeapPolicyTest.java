// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import static org.dmabufsim.heap.system.SystemFixture.KIB;
import static org.dmabufsim.heap.system.SystemFixture.MIB;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SystemHeapPolicyTest {
    private static final long CACHED = PageExportInfo.FLAG_CACHED;
    @AutoClose
    private final SystemFixture f = new SystemFixture();
    private final SystemHeapPolicy heap = f.policy(SystemHeapPolicy.Kthread.ALLOC);

    private static List<Integer> orders(List<PageRange> chunks) {
        return chunks.stream().map(PageRange::order).toList();
    }

    @Test
    @DisplayName("rule 58: 1 MiB + 68 KiB is [order 8, order 4, order 0]; 8 MiB is eight order-8 chunks")
    void rule58_greedyChunkLayout() {
        assertEquals(List.of(8, 4, 0), orders(heap.allocate(MIB + 68 * KIB, 0)));
        assertEquals(Collections.nCopies(8, 8), orders(heap.allocate(8 * MIB, CACHED)));
        assertEquals(List.of(0), orders(heap.allocate(4 * KIB, 0)));
        assertEquals(List.of(4, 0, 0, 0), orders(heap.allocate(76 * KIB, 0)));
        assertEquals(List.of(8, 8, 4, 4, 0), orders(heap.allocate(2 * MIB + 128 * KIB + 4 * KIB, 0)));
    }

    @Test
    @DisplayName("rule 58: when no order-8 chunk exists the next smaller order is used, never a larger one later")
    void rule58_fallsBackToSmallerOrdersAndNeverGrowsAgain() {
        List<PageRange> hog = f.hogAll(4);
        // Give back 17 non-adjacent order-4 blocks: no order-8 block can form.
        List<PageRange> order4 = hog.stream().filter(r -> r.order() == 4).toList();
        for (int i = 0; i < 34; i += 2) {
            f.sim.memory().freePages(order4.get(i));
        }
        List<PageRange> chunks = heap.allocate(MIB + 4 * KIB, 0);
        List<Integer> expected = new ArrayList<>(Collections.nCopies(16, 4));
        expected.add(0);
        assertEquals(expected, orders(chunks));
    }

    @Test
    @DisplayName("rule 58: more than half of RAM in one allocation is ENOMEM; exactly half is allowed")
    void rule58_moreThanHalfOfRamIsEnomem() {
        long half = SystemFixture.TOTAL_PAGES / 2 * 4096;
        assertEquals(SystemFixture.TOTAL_PAGES, f.sim.memory().totalRamPages());
        ErrnoException e = assertThrows(ErrnoException.class, () -> heap.allocate(half + 4096, 0));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(0, f.buddyUsed());
        List<PageRange> chunks = heap.allocate(half, 0);
        assertEquals(half / 4096, chunks.stream().mapToLong(PageRange::count).sum());
    }

    @Test
    @DisplayName("rule 58: when the pages run out every chunk taken goes back, nothing leaks")
    void rule58_partialFailureFreesEverything() {
        List<PageRange> hog = f.hogAll(0);
        hog.subList(hog.size() - 40, hog.size()).forEach(f.sim.memory()::freePages);
        List<RegionStats> before = f.sim.memory().stats();

        ErrnoException e = assertThrows(ErrnoException.class, () -> heap.allocate(MIB, 0));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(new HeapStats(40, 0), heap.stats(), "the chunks went back to their pools");
        assertEquals(40, heap.shrinkScan(Long.MAX_VALUE));
        assertEquals(before, f.sim.memory().stats());
    }

    @Test
    @DisplayName("rule 60: a released cached buffer is zeroed through the cache and its chunks pooled by order")
    void rule60_cachedFreeZeroesThroughTheCacheThenPools() {
        List<PageRange> chunks = heap.allocate(MIB + 68 * KIB, CACHED);
        var map = f.sim.cpu().map(chunks, MemAttr.CACHEABLE);
        map.fill(0, map.size(), (byte) 0xff);
        map.unmap();
        heap.free(chunks, CACHED);
        assertEquals(new HeapStats(0, 273), heap.stats());
        heap.allocate(4096, 0); // the kthread's turn: destroys the deferred buffer
        assertEquals(256, heap.pool(8, true).pages());
        assertEquals(16, heap.pool(4, true).pages());
        assertEquals(1, heap.pool(0, true).pages());
        assertEquals(0, heap.pool(0, false).pages(), "the uncached allocation took a fresh page");
        for (PageRange c : chunks) {
            assertArrayEquals(new byte[(int) c.bytes()], f.sim.cpu().linearMap().read(c.phys(), (int) c.bytes()));
        }
    }

    @Test
    @DisplayName("rule 60: an uncached buffer is zeroed through write-combine: DRAM itself holds the zeros")
    void rule60_uncachedFreeZeroesDramThroughWriteCombine() {
        List<PageRange> chunks = heap.allocate(64 * KIB, 0);
        var wc = f.sim.cpu().map(chunks, MemAttr.WRITE_COMBINE);
        wc.fill(0, wc.size(), (byte) 0xff);
        wc.unmap();
        byte[] dram = new byte[64 * 1024];
        f.sim.memory().readDram(chunks.get(0).phys(), dram, 0, dram.length);
        assertEquals((byte) 0xff, dram[100]);
        heap.free(chunks, 0);
        heap.allocate(4096, CACHED);
        assertEquals(16, heap.pool(4, false).pages());
        f.sim.memory().readDram(chunks.get(0).phys(), dram, 0, dram.length);
        assertArrayEquals(new byte[dram.length], dram);
    }

    @Test
    @DisplayName("rules 60, 61: pooled chunks are reused oldest first, only by buffers of the same kind")
    void rule61_poolsAreReusedFifoPerKind() {
        List<PageRange> a = heap.allocate(4096, CACHED);
        List<PageRange> b = heap.allocate(4096, CACHED);
        heap.free(a, CACHED);
        heap.free(b, CACHED);
        long used = f.buddyUsed();
        List<PageRange> uncached = heap.allocate(4096, 0);
        assertEquals(used + 1, f.buddyUsed(), "an uncached buffer does not take cached pool pages");
        // The free list drained newest first (b, then a); the pool hands out the oldest entry: b.
        assertEquals(b, heap.allocate(4096, CACHED));
        assertEquals(a, heap.allocate(4096, CACHED));
        assertEquals(used + 1, f.buddyUsed());
        assertEquals(1, uncached.size());
    }

    @Test
    @DisplayName("rule 52: a failed allocation drains the deferred-free list and retries once")
    void rule52_failedAllocationDrainsTheFreeListAndRetries() {
        SystemHeapPolicy starved = f.policy(SystemHeapPolicy.Kthread.STARVED);
        List<PageRange> first = starved.allocate(32 * MIB, CACHED);
        var map = f.sim.cpu().map(first, MemAttr.CACHEABLE);
        map.fill(0, map.size(), (byte) 0xff);
        map.unmap();
        starved.free(first, CACHED);
        f.hogAll(10);
        assertEquals(new HeapStats(0, 8192), starved.stats());

        List<PageRange> second = starved.allocate(32 * MIB, CACHED);
        assertEquals(new HeapStats(0, 0), starved.stats());
        assertEquals(8192, second.stream().mapToLong(PageRange::count).sum());
        var read = f.sim.cpu().map(second, MemAttr.CACHEABLE);
        assertArrayEquals(new byte[4096], read.read(0, 4096));
        assertArrayEquals(new byte[4096], read.read(read.size() - 4096, 4096));
        read.unmap();
        ErrnoException e = assertThrows(ErrnoException.class, () -> starved.allocate(4096, CACHED));
        assertEquals(Errno.ENOMEM, e.errno(), "nothing deferred, nothing pooled, nothing free: the retry fails too");
    }

    @Test
    @DisplayName("rule 66: the shrinker frees deferred buffers unzeroed to the buddy, then pools, high order first")
    void rule66_shrinkerOrderAndShrinkerFreeBypass() {
        SystemHeapPolicy h = f.policy(SystemHeapPolicy.Kthread.STARVED);
        // Fill the pools through a failed-allocation retry: 1 MiB + 64 KiB + 4 KiB, uncached.
        h.free(h.allocate(MIB + 68 * KIB, 0), 0);
        List<PageRange> hog = f.hogAll(10);
        h.allocate(4096, 0);
        f.sim.memory().freePages(hog.get(0));
        assertEquals(new HeapStats(272, 0), h.stats());
        // Two deferred buffers whose pages hold 0xff: 8 pages (older), then 4 pages (newer).
        List<PageRange> older = fill(h.allocate(8 * 4096, CACHED));
        List<PageRange> newer = fill(h.allocate(4 * 4096, CACHED));
        h.free(older, CACHED);
        h.free(newer, CACHED);
        assertEquals(272 + 12, h.shrinkCount());

        assertEquals(4, h.shrinkScan(3), "whole buffers, newest first");
        assertEquals(new HeapStats(272, 8), h.stats());
        assertEquals((byte) 0xff, f.sim.cpu().linearMap().readByte(newer.get(0).phys()),
                "SHRINKER_FREE skips zeroing");
        assertEquals(8 + 256, h.shrinkScan(9), "the rest of the list, then the order-8 pool");
        assertEquals(16, h.pool(4, false).pages());
        assertEquals(0, h.pool(8, false).pages());
        assertEquals(16, h.shrinkScan(1));
        assertEquals(0, h.shrinkScan(1));
        assertEquals(0, h.shrinkCount());
        long hogged = hog.stream().skip(1).mapToLong(PageRange::count).sum();
        assertEquals(hogged + 1, f.buddyUsed(), "the hog and the live 4 KiB buffer");
    }

    private List<PageRange> fill(List<PageRange> chunks) {
        var map = f.sim.cpu().map(chunks, MemAttr.CACHEABLE);
        map.fill(0, map.size(), (byte) 0xff);
        map.unmap();
        return chunks;
    }

    @Test
    @DisplayName("rule 66: the kthread (ALLOC model) destroys deferred buffers at the start of the next allocation")
    void rule66_deferredFreeDrainsAtTheNextAllocation() {
        List<PageRange> chunks = heap.allocate(64 * KIB, CACHED);
        heap.free(chunks, CACHED);
        assertEquals(new HeapStats(0, 16), heap.stats());
        assertEquals(16, f.buddyUsed());
        assertEquals(chunks, heap.allocate(64 * KIB, CACHED));
        assertEquals(new HeapStats(0, 0), heap.stats());
        assertEquals(16, f.buddyUsed());
    }

    @Test
    void shutdownGivesDeferredAndPooledPagesBack() {
        List<PageRange> live = heap.allocate(MIB, CACHED);
        heap.free(heap.allocate(2 * MIB, 0), 0);
        heap.allocate(4096, CACHED);
        heap.free(heap.allocate(64 * KIB, CACHED), CACHED);
        assertEquals(new HeapStats(512, 16), heap.stats());
        heap.shutdown();
        assertEquals(new HeapStats(0, 0), heap.stats());
        assertEquals(256 + 1, f.buddyUsed(), "only the live buffers' pages stay allocated");
        assertEquals(1, live.size());
    }

    @Test
    void aChunkOfAnotherOrderIsAKernelBug() {
        KernelBug bug = assertThrows(KernelBug.class, () -> heap.pool(4, true).free(PageRange.ofOrder(0x80000, 3)));
        assertEquals("kernel BUG at drivers/staging/android/ion/ion_page_pool.c: BUG_ON(pool->order != "
                + "compound_order(page)) (order 4, chunk PageRange[pfn=524288, count=8])", bug.getMessage());
        assertThrows(KernelBug.class, () -> heap.pool(3, true));
    }
}
