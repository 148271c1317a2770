// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import org.dmabufsim.core.internal.mem.MemoryMapImpl;

/**
 * The speculative fills and pressure evictions of the cache events, line by line in the given order
 * under the store's line locks: one hold for consecutive lines under the same lock (every line of a
 * page shares one). Also the fills of a burst whose lines the eviction after it will all drop, which
 * need not read DRAM (see {@link Prefetcher}). Stateless; the locks are the store's.
 */
final class LineMoves {
    private static final int SHIFT = CacheStore.LINE_SHIFT;

    private final CacheStore store;
    private final MemoryMapImpl memory;

    LineMoves(CacheStore store, MemoryMapImpl memory) {
        this.store = store;
        this.memory = memory;
    }

    /**
     * Fills {@code lines[0..n)} in order: each line that has a linear-map alias and is not present is
     * installed from DRAM. Returns how many were; the caller counts them.
     */
    int prefetch(long[] lines, int n) {
        int filled = 0;
        for (int i = 0; i < n;) {
            Object held = store.lock(lines[i]);
            synchronized (held) {
                do {
                    filled += fill(lines[i]) ? 1 : 0;
                    i++;
                } while (i < n && store.lock(lines[i]) == held);
            }
        }
        return filled;
    }

    /** {@code prefetch(new long[] {line}, 1)} without the array: returns 1 if the line was filled. */
    int prefetch(long line) {
        synchronized (store.lock(line)) {
            return fill(line) ? 1 : 0;
        }
    }

    /** One speculative fill; the lock of {@code line} held. */
    boolean fill(long line) {
        if (!memory.isLinearMapped(line << SHIFT)) {
            return false;
        }
        CacheSet s = store.set(line);
        if (s.lookup(line) >= 0) {
            return false;
        }
        store.install(s, line, true);
        return true;
    }

    /** Evicts {@code lines[0..n)} in order (absent ones are skipped), counted in {@code tally}. */
    void evict(long[] lines, int n, EventTally tally) {
        for (int i = 0; i < n;) {
            Object held = store.lock(lines[i]);
            synchronized (held) {
                do {
                    CacheSet s = store.set(lines[i]);
                    int way = s.lookup(lines[i]);
                    if (way >= 0) {
                        tally.evicted++;
                        tally.writebacks += store.release(s, way) ? 1 : 0;
                    }
                    i++;
                } while (i < n && store.lock(lines[i]) == held);
            }
        }
    }

    /**
     * Evicts every present line of {@code [first, last]} (one page), the page's lock held: the eviction
     * after a burst whose fills went through {@link #fillUnseen}, which takes them all, in ascending
     * order, without a random draw.
     */
    void evictAll(long first, long last, EventTally tally) {
        long mask = store.index().mask(first >>> 6) & inRange(first, last);
        long base = first & -64L;
        while (mask != 0) {
            long line = base + Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
            CacheSet s = store.set(line);
            int way = s.lookup(line);
            if (way >= 0) {
                tally.evicted++;
                tally.writebacks += store.release(s, way) ? 1 : 0;
            }
        }
    }

    /** The bits of a page's mask for the lines {@code [first, last]} of that page. */
    private static long inRange(long first, long last) {
        return (-1L << (first & 63)) & (-1L >>> (63 - (last & 63)));
    }

    /**
     * The fills before a burst when the eviction after it (up to {@code evictDegree} lines of
     * {@code [first, last]}, one page) will take every present line of that range, the fills
     * included, all of them lines of the range: then nothing can read what they would bring, and they
     * do not read DRAM. A line whose set has an invalid way would go there (no victim, no random
     * draw) and leave it again with nothing else changed, so it is only counted, as filled and as
     * evicted; one whose set is full is installed (its victim is evicted) to be evicted after the
     * burst. The page's lock is held; its lines are in distinct sets, so no fill evicts another line
     * of the page, and linear-map aliases are per page. Returns false, having done nothing, when the
     * eviction would leave a line.
     */
    boolean fillUnseen(long[] lines, int n, long first, long last, int evictDegree, EventTally tally) {
        long page = first >>> 6;
        long present = store.index().mask(page);
        boolean linear = n > 0 && memory.isLinearMapped(page << 12); // only the fills need the alias
        long filled = 0; // the lines the fills add
        for (int i = 0; i < n; i++) {
            if (lines[i] < first || lines[i] > last) {
                return false;
            }
            filled |= linear ? 1L << (lines[i] & 63) : 0;
        }
        filled &= ~present;
        if (Long.bitCount((present | filled) & inRange(first, last)) > evictDegree) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            long line = lines[i];
            long bit = 1L << (line & 63);
            if ((filled & bit) == 0 || (present & bit) != 0) {
                continue; // no alias, present before, or a line drawn twice
            }
            if (store.hasFreeWay(line)) {
                tally.evicted++;
            } else {
                store.install(store.set(line), line, false);
            }
            present |= bit;
        }
        tally.prefetched += Long.bitCount(filled);
        return true;
    }
}
