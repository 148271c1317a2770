// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import org.dmabufsim.core.internal.sim.Stats;

/**
 * Counts of cache events, added to the simulation's counters in one go ({@link #addTo}): a device job
 * runner keeps one and adds it when each step ends instead of once per burst; it also holds the
 * runner's {@link DeferredMoves}. Owned by one thread at a time (a job runner runs under its queue's
 * run lock); not thread-safe.
 */
public final class EventTally {
    long prefetched;
    long evicted;
    long writebacks;
    final DeferredMoves moves; // the runner's deferred DRAM moves; null for a tally that never defers
    private long[] lines0 = new long[0]; // scratch for the speculative lines of a burst's two sides
    private long[] lines1 = new long[0];

    EventTally(DeferredMoves moves) {
        this.moves = moves;
    }

    EventTally() {
        this(null);
    }

    /** Array {@code which} (0 or 1) of exactly {@code n} lines, reused from burst to burst. */
    long[] lines(int which, int n) {
        long[] a = which == 0 ? lines0 : lines1;
        if (a.length != n) {
            a = new long[n];
            if (which == 0) {
                lines0 = a;
            } else {
                lines1 = a;
            }
        }
        return a;
    }

    /** Does the deferred DRAM moves, if any, before something that may read or write DRAM. */
    void flushMoves() {
        if (moves != null) {
            moves.flush();
        }
    }

    /** Adds the counts to {@code linesPrefetched}, {@code linesEvicted}, {@code evictionWritebacks}; clears them. */
    void addTo(Stats stats) {
        if (prefetched > 0) {
            stats.linesPrefetched.add(prefetched);
        }
        if (evicted > 0) {
            stats.linesEvicted.add(evicted);
        }
        if (writebacks > 0) {
            stats.evictionWritebacks.add(writebacks);
        }
        prefetched = 0;
        evicted = 0;
        writebacks = 0;
    }
}
