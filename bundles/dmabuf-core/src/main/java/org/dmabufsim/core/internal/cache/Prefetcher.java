// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.CacheConfig;

/**
 * The cache events around a DMA burst ({@link CacheConfig}). Before: {@code prefetchDegree} speculative
 * fills, the larger half from random lines of the burst, the rest from random lines of the hot
 * window's pages. After: {@code evictDegree} distinct random present lines of the burst evicted. In
 * adversarial mode every line of the burst is prefetched before and every present line of it evicted
 * after. Prefetches skip memory without a linear-map alias ({@code no-map}).
 *
 * <p>The random choices come from the streams {@code cache.prefetch} and {@code cache.pressure},
 * each guarded by {@code lock} (a leaf lock: nothing is locked while holding it). The fills and
 * evictions run in the drawn order under the store's line locks, one hold for consecutive lines of
 * the same lock, and are counted once per event.
 *
 * <p>{@link #aroundBurst} runs both events and the transfer of a device that does not snoop under one
 * hold of the burst page's lock. Lines under other locks are in other sets, so their fills commute
 * with everything under the page's lock and go first. While the page's lock is held nobody can see
 * the page's lines, so when the eviction after the transfer will take every present line of the
 * burst (no more than {@code evictDegree}), the lines filled before it are dropped unseen: they are
 * installed without reading their bytes from DRAM. Every other outcome (which lines are present,
 * every count, every random draw, DRAM) is the same as {@code beforeBurst; transfer; afterBurst}.
 */
final class Prefetcher {
    private static final int SHIFT = CacheStore.LINE_SHIFT;
    private static final int LINES_PER_PAGE = 64;
    private static final long[] NO_LINES = new long[0];

    private final CacheStore store;
    private final MemoryMapImpl memory;
    private final Stats stats;
    private final HotWindow hot;
    private final CacheConfig config;
    private final Object lock = new Object(); // guards prefetchRandom and pressureRandom
    private final RandomGenerator prefetchRandom;
    private final RandomGenerator pressureRandom;

    Prefetcher(CacheStore store, MemoryMapImpl memory, Stats stats, HotWindow hot, CacheConfig config,
            RandomStreams random) {
        this.store = store;
        this.memory = memory;
        this.stats = stats;
        this.hot = hot;
        this.config = config;
        this.prefetchRandom = random.stream("cache.prefetch");
        this.pressureRandom = random.stream("cache.pressure");
    }

    void beforeBurst(long phys, long len) {
        if (len <= 0 || (config.prefetchDegree() == 0 && !config.adversarial())) {
            return; // nothing to choose: keep the DMA hot path free of index and lock work
        }
        long first = phys >>> SHIFT;
        long last = (phys + len - 1) >>> SHIFT;
        long[] lines = config.adversarial() ? range(first, last) : chooseSpeculative(first, last);
        countPrefetched(prefetch(lines, lines.length));
    }

    void afterBurst(long phys, long len) {
        if (len <= 0 || (config.evictDegree() == 0 && !config.adversarial())) {
            return;
        }
        long[] chosen = choosePressure(phys >>> SHIFT, (phys + len - 1) >>> SHIFT);
        evict(chosen, chosen.length);
    }

    /**
     * {@code beforeBurst(phys, len); io.run(); afterBurst(phys, len)} for a burst within one page and
     * an {@code io} that neither reads nor writes the cache (see the class comment).
     */
    void aroundBurst(long phys, int len, Runnable io) {
        long first = phys >>> SHIFT;
        long last = (phys + len - 1) >>> SHIFT;
        if (len <= 0 || config.prefetchDegree() == 0 && config.evictDegree() == 0 && !config.adversarial()) {
            io.run(); // no events at all
            return;
        }
        if (config.adversarial() || !store.pagePerLock() || first >>> 6 != last >>> 6) {
            beforeBurst(phys, len);
            io.run();
            afterBurst(phys, len);
            return;
        }
        long[] lines = config.prefetchDegree() == 0 ? NO_LINES : chooseSpeculative(first, last);
        Object pageLock = store.lock(first);
        int mine = 0;
        int filled = 0;
        for (long line : lines) { // keeps the page lock's lines, in order, at the front
            if (store.lock(line) == pageLock) {
                lines[mine++] = line;
            } else {
                filled += prefetch(new long[] {line}, 1);
            }
        }
        synchronized (pageLock) {
            boolean unseen = evictsAllFilled(lines, mine, first, last);
            for (int i = 0; i < mine; i++) {
                filled += fill(lines[i], !unseen) ? 1 : 0;
            }
            io.run();
            if (config.evictDegree() > 0) {
                long[] chosen = choosePressure(first, last);
                evict(chosen, chosen.length);
            }
        }
        countPrefetched(filled);
    }

    /**
     * Whether the eviction after the burst will take every present line of {@code [first, last]} once
     * {@code lines[0..n)} are filled, all of them lines of that range: then nothing can read what the
     * fills would bring. The page's lock is held, and its lines are in distinct sets, so no fill
     * evicts another line of the page.
     */
    private boolean evictsAllFilled(long[] lines, int n, long first, long last) {
        long page = first >>> 6;
        long present = store.index().mask(page);
        for (int i = 0; i < n; i++) {
            if (lines[i] < first || lines[i] > last) {
                return false;
            }
            if (memory.isLinearMapped(lines[i] << SHIFT)) {
                present |= 1L << (lines[i] & 63);
            }
        }
        long inRange = (-1L << (first & 63)) & (-1L >>> (63 - (last & 63)));
        return Long.bitCount(present & inRange) <= config.evictDegree();
    }

    private long[] chooseSpeculative(long first, long last) {
        int degree = config.prefetchDegree();
        int fromWindow = degree / 2;
        long[] window = fromWindow > 0 ? hot.view() : NO_LINES;
        long[] lines = new long[degree - fromWindow + (window.length == 0 ? 0 : fromWindow)];
        synchronized (lock) {
            int i = 0;
            for (; i < degree - fromWindow; i++) {
                lines[i] = first + prefetchRandom.nextLong(last - first + 1);
            }
            for (; i < lines.length; i++) {
                long pfn = window[prefetchRandom.nextInt(window.length)];
                lines[i] = pfn * LINES_PER_PAGE + prefetchRandom.nextInt(LINES_PER_PAGE);
            }
        }
        return lines;
    }

    /** The present lines of {@code [first, last]} to evict, in eviction order. */
    private long[] choosePressure(long first, long last) {
        long[] present = store.index().present(first, last);
        int count = config.adversarial() ? present.length : Math.min(config.evictDegree(), present.length);
        if (count < present.length) {
            synchronized (lock) {
                for (int i = 0; i < count; i++) {
                    int j = i + pressureRandom.nextInt(present.length - i);
                    long t = present[i];
                    present[i] = present[j];
                    present[j] = t;
                }
            }
        }
        return count == present.length ? present : Arrays.copyOf(present, count);
    }

    private static long[] range(long first, long last) {
        long[] lines = new long[(int) (last - first + 1)];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = first + i;
        }
        return lines;
    }

    /**
     * Speculative fills of {@code lines[0..n)} in order: each line that has a linear-map alias and is
     * not present is installed from DRAM. Returns how many were; the caller counts them.
     */
    int prefetch(long[] lines, int n) {
        int filled = 0;
        for (int i = 0; i < n;) {
            Object held = store.lock(lines[i]);
            synchronized (held) {
                do {
                    filled += fill(lines[i], true) ? 1 : 0;
                    i++;
                } while (i < n && store.lock(lines[i]) == held);
            }
        }
        return filled;
    }

    /** {@code linesPrefetched}; the prefetcher is hardware, so no CPU time. */
    void countPrefetched(int filled) {
        if (filled > 0) {
            stats.linesPrefetched.add(filled);
        }
    }

    /** Lock of {@code line} held. With {@code withData} false the line's bytes are left as they are. */
    private boolean fill(long line, boolean withData) {
        if (!memory.isLinearMapped(line << SHIFT)) {
            return false;
        }
        CacheSet s = store.set(line);
        if (s.lookup(line) >= 0) {
            return false;
        }
        store.install(s, line, withData);
        return true;
    }

    /** Pressure evictions of {@code lines[0..n)} in order (absent ones are skipped), counted once. */
    void evict(long[] lines, int n) {
        int evicted = 0;
        int written = 0;
        for (int i = 0; i < n;) {
            Object held = store.lock(lines[i]);
            synchronized (held) {
                do {
                    CacheSet s = store.set(lines[i]);
                    int way = s.lookup(lines[i]);
                    if (way >= 0) {
                        evicted++;
                        written += store.release(s, way) ? 1 : 0;
                    }
                    i++;
                } while (i < n && store.lock(lines[i]) == held);
            }
        }
        if (evicted > 0) {
            stats.linesEvicted.add(evicted);
        }
        if (written > 0) {
            stats.evictionWritebacks.add(written);
        }
    }
}
