// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import org.dmabufsim.core.internal.mem.Dram;

/**
 * The DRAM-to-DRAM moves of a non-coherent device's copy bursts that may wait: a burst whose cache
 * events neither read nor write DRAM (see {@link Prefetcher}) commutes with them, so its move joins
 * this queue and runs later, in burst order, with the moves of the following bursts, back to back.
 * The queue runs ({@link #flush}) before anything that may read or write DRAM: a fill from DRAM, an
 * eviction while the cache holds dirty lines, any other burst path, and when the job step ends
 * ({@link CpuCacheImpl#count}). So DRAM goes through the same states in the same order as with each
 * move done at its burst, as far as anything can see.
 *
 * <p>As a {@link Runnable} it is the staged move of the current burst: {@link #run} does it now (after
 * the queue), {@link #defer} queues it. Owned by one job runner with its {@link EventTally} (the
 * queue's run lock); not thread-safe.
 */
final class DeferredMoves implements Runnable {
    private static final int MAX = 64; // 256 KiB of 4 KiB bursts

    private final Dram dram;
    private final long[] from = new long[MAX];
    private final long[] to = new long[MAX];
    private final int[] len = new int[MAX];
    private int queued;
    private long stagedFrom;
    private long stagedTo;
    private int stagedLen;

    DeferredMoves(Dram dram) {
        this.dram = dram;
    }

    /** Stages the move of the current burst: {@code len} bytes from {@code src} to {@code dst}. */
    DeferredMoves stage(long src, long dst, int length) {
        stagedFrom = src;
        stagedTo = dst;
        stagedLen = length;
        return this;
    }

    /** Does the staged move now, after the queued ones. */
    @Override
    public void run() {
        flush();
        dram.transfer(stagedFrom, stagedTo, stagedLen);
    }

    /** Queues the staged move; a full queue runs first. */
    void defer() {
        if (queued == MAX) {
            flush();
        }
        from[queued] = stagedFrom;
        to[queued] = stagedTo;
        len[queued] = stagedLen;
        queued++;
    }

    /** Does the queued moves, in order. */
    void flush() {
        int n = queued;
        queued = 0; // a transfer that threw is not redone by the next flush
        for (int i = 0; i < n; i++) {
            dram.transfer(from[i], to[i], len[i]);
        }
    }
}
