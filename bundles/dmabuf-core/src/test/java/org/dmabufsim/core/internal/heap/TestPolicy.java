// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Simulation;

/**
 * A heap policy for registry tests: one zeroed buddy block of {@code get_order(len)} per buffer,
 * freed straight back; it records its calls and can hold an allocation until released.
 */
final class TestPolicy implements HeapPolicy {
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger shutdowns = new AtomicInteger();
    final CountDownLatch entered = new CountDownLatch(1);
    volatile CountDownLatch hold;
    volatile RuntimeException failWith;
    private final Simulation sim;

    TestPolicy(HeapContext context) {
        this.sim = context.sim();
    }

    @Override
    public List<PageRange> allocate(long len, long flags) {
        calls.add("allocate " + len + " " + flags);
        entered.countDown();
        awaitHold();
        if (failWith != null) {
            throw failWith;
        }
        PageRange block = sim.memory().allocPages(order(len), Zone.NORMAL);
        sim.cpu().clearPages(block);
        return List.of(block);
    }

    @Override
    public void free(List<PageRange> pages, long flags) {
        calls.add("free " + pages + " " + flags);
        pages.forEach(sim.memory()::freePages);
    }

    @Override
    public void shutdown() {
        calls.add("shutdown");
        shutdowns.incrementAndGet();
    }

    @Override
    public HeapStats stats() {
        return new HeapStats(3, 4);
    }

    @Override
    public long shrinkCount() {
        return 7;
    }

    @Override
    public long shrinkScan(long nrPages) {
        calls.add("scan " + nrPages);
        return nrPages / 2;
    }

    static int order(long len) {
        long pages = (len + MemoryMap.PAGE_SIZE - 1) / MemoryMap.PAGE_SIZE;
        return 64 - Long.numberOfLeadingZeros(pages - 1);
    }

    private void awaitHold() {
        CountDownLatch h = hold;
        if (h == null) {
            return;
        }
        try {
            if (!h.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("held allocation never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
