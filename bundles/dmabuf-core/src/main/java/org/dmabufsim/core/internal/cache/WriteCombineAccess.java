// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.MemoryMap;

/**
 * Normal non-cacheable memory ({@code pgprot_writecombine}) for one mapping: loads read DRAM merged
 * with this mapping's own pending stores; stores wait in the mapping's write-combine buffer until
 * {@link #drain()} ({@code dsb}, zap or unmap). The cache is never consulted. The buffer is guarded
 * by {@code lock}; it drains in address order.
 */
final class WriteCombineAccess implements CpuAccess {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    private final Dram dram;
    private final Stats stats;
    private final Object lock = new Object(); // guards pending
    private final TreeMap<Long, WcPage> pending = new TreeMap<>(); // page phys -> pending bytes

    WriteCombineAccess(Dram dram, Stats stats) {
        this.dram = dram;
        this.stats = stats;
    }

    @Override
    public void read(long phys, byte[] dst, int off, int len) {
        synchronized (lock) {
            dram.read(phys, dst, off, len);
            forEachPage(phys, len, (page, at, bufOff, n) -> {
                WcPage p = pending.get(page);
                if (p != null) {
                    p.overlay(at, dst, off + (int) bufOff, n);
                }
            });
        }
        UncachedAccess.charge(stats, len);
    }

    @Override
    public void write(long phys, byte[] src, int off, int len) {
        synchronized (lock) {
            forEachPage(phys, len, (page, at, bufOff, n) -> pending.put(page,
                    pending.getOrDefault(page, WcPage.empty()).write(at, src, off + (int) bufOff, n)));
        }
        UncachedAccess.charge(stats, len);
    }

    @Override
    public void fill(long phys, long len, byte value) {
        synchronized (lock) {
            forEachPage(phys, len, (page, at, bufOff, n) -> pending.put(page, n == PAGE ? WcPage.uniform(value)
                    : pending.getOrDefault(page, WcPage.empty()).fill(at, n, value)));
        }
        UncachedAccess.charge(stats, len);
    }

    @Override
    public void drain() {
        synchronized (lock) {
            for (Map.Entry<Long, WcPage> e : pending.entrySet()) {
                e.getValue().drainTo(dram, e.getKey());
            }
            pending.clear();
        }
    }

    /** Whether stores are waiting in the buffer. */
    boolean hasPending() {
        synchronized (lock) {
            return !pending.isEmpty();
        }
    }

    @FunctionalInterface
    private interface PagePiece {
        void apply(long pagePhys, int inPage, long bufOff, int n);
    }

    private static void forEachPage(long phys, long len, PagePiece piece) {
        long done = 0;
        while (done < len) {
            long p = phys + done;
            int inPage = (int) (p & (PAGE - 1));
            int n = (int) Math.min(len - done, PAGE - inPage);
            piece.apply(p - inPage, inPage, done, n);
            done += n;
        }
    }
}
