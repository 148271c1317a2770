// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import org.dmabufsim.core.internal.sim.Stats;

/**
 * Counts of cache events, added to the simulation's counters in one go ({@link #addTo}): a device job
 * runner keeps one and adds it when each step ends instead of once per burst. Owned by one thread at a
 * time (a job runner runs under its queue's run lock); not thread-safe.
 */
public final class EventTally {
    long prefetched;
    long evicted;
    long writebacks;

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
