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
 * adversarial mode every line of the burst is prefetched before and every dirty line of it evicted
 * after (on top of what the device wrote), while the clean lines stay, stale, for whoever skips the
 * invalidate. Prefetches skip memory without a linear-map alias ({@code no-map}).
 *
 * <p>The random choices come from the streams {@code cache.prefetch} and {@code cache.pressure},
 * each guarded by {@code lock} (a leaf lock: nothing is locked while holding it). The fills and
 * evictions ({@link LineMoves}) run in the drawn order under the store's line locks and are counted
 * once per event, or in the caller's {@link EventTally}.
 *
 * <p>{@link #aroundBurst} runs both events and the transfer of a device that does not snoop under one
 * hold of the burst page's lock. Lines under other locks are in other sets, so their fills commute
 * with everything under the page's lock and go first. While the page's lock is held nobody can see
 * the page's lines, so when the eviction after the transfer will take every present line of the
 * burst (no more than {@code evictDegree}), the lines filled before it are dropped unseen: they are
 * not read from DRAM, and a line whose set has an invalid way is only counted, since it would go to
 * that way and leave it again with nothing else changed. Every other outcome (which lines are
 * present, every count, every random draw, DRAM) is the same as {@code beforeBurst; transfer;
 * afterBurst}.
 */
final class Prefetcher {
    private static final int SHIFT = CacheStore.LINE_SHIFT;
    private static final int LINES_PER_PAGE = 64;
    private static final long[] NO_LINES = new long[0];

    private final CacheStore store;
    private final LineMoves moves;
    private final Stats stats;
    private final HotWindow hot;
    private final CacheConfig config;
    private final Object lock = new Object(); // guards prefetchRandom and pressureRandom
    private final RandomGenerator prefetchRandom;
    private final RandomGenerator pressureRandom;

    Prefetcher(CacheStore store, MemoryMapImpl memory, Stats stats, HotWindow hot, CacheConfig config,
            RandomStreams random) {
        this.store = store;
        this.moves = new LineMoves(store, memory);
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
        prefetch(lines, lines.length);
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
     * an {@code io} that neither reads nor writes the cache (see the class comment), counted in
     * {@code tally}.
     */
    void aroundBurst(long phys, int len, Runnable io, EventTally tally) {
        if (noEvents(len)) {
            io.run();
        } else if (!onePage(phys, len)) {
            tally.flushMoves(); // the events may read DRAM
            beforeBurst(phys, len);
            io.run();
            afterBurst(phys, len);
        } else {
            long[] lines = config.prefetchDegree() == 0 ? NO_LINES
                    : chooseSpeculative(phys >>> SHIFT, (phys + len - 1) >>> SHIFT, tally);
            side(phys, len, lines, io, tally);
        }
    }

    /**
     * Both sides of a copy burst, {@code aroundBurst(from, len, read)} then {@code aroundBurst(to, len,
     * write)}, with the prefetch draws of both sides taken under one hold of {@code lock}: the draws of
     * the write side do not depend on the read side's events, so the stream gives the same lines.
     */
    void aroundCopy(long from, long to, int len, Runnable read, Runnable write, EventTally tally) {
        if (noEvents(len)) {
            if (write == tally.moves) { // nothing touches the cache: the move may wait
                read.run();
                tally.moves.defer();
            } else {
                tally.flushMoves();
                read.run();
                write.run();
            }
        } else if (config.prefetchDegree() == 0 || !onePage(from, len) || !onePage(to, len)) {
            aroundBurst(from, len, read, tally);
            aroundBurst(to, len, write, tally);
        } else {
            long[] window = hot.view();
            long[] fromLines = tally.lines(0, lineCount(window)); // the tally's arrays: no allocation per burst
            long[] toLines = tally.lines(1, lineCount(window));
            synchronized (lock) {
                draw(fromLines, window, from >>> SHIFT, (from + len - 1) >>> SHIFT);
                draw(toLines, window, to >>> SHIFT, (to + len - 1) >>> SHIFT);
            }
            side(from, len, fromLines, read, tally);
            side(to, len, toLines, write, tally);
        }
    }

    private boolean noEvents(int len) {
        return len <= 0 || config.prefetchDegree() == 0 && config.evictDegree() == 0 && !config.adversarial();
    }

    /** Whether the fast path applies: not adversarial, a page's lines under one lock, a burst in one page. */
    private boolean onePage(long phys, int len) {
        return !config.adversarial() && store.pagePerLock() && phys >>> 12 == (phys + len - 1) >>> 12;
    }

    /** One burst's events around {@code io}, its speculative {@code lines} already drawn. */
    private void side(long phys, int len, long[] lines, Runnable io, EventTally tally) {
        long first = phys >>> SHIFT;
        long last = (phys + len - 1) >>> SHIFT;
        Object pageLock = store.lock(first);
        int mine = 0;
        for (long line : lines) { // keeps the page lock's lines, in order, at the front
            if (store.lock(line) == pageLock) {
                lines[mine++] = line;
            } else {
                tally.flushMoves(); // a fill reads DRAM
                tally.prefetched += moves.prefetch(line);
            }
        }
        synchronized (pageLock) {
            if (store.dirtyLines() != 0) {
                tally.flushMoves(); // evictions (and victims of fills) may write DRAM back
            }
            boolean unseen = config.evictDegree() > 0
                    && moves.fillUnseen(lines, mine, first, last, config.evictDegree(), tally);
            if (!unseen && mine > 0) {
                tally.flushMoves(); // the fills read DRAM
                for (int i = 0; i < mine; i++) {
                    tally.prefetched += moves.fill(lines[i]) ? 1 : 0;
                }
            }
            // the transfer runs here, under this page's lock, so a fill on another thread never sees half of it
            tally.flushMoves();
            io.run();
            if (unseen) {
                moves.evictAll(first, last, tally); // no more than evictDegree lines: all go, no draw
            } else if (config.evictDegree() > 0) {
                long[] chosen = choosePressure(first, last);
                moves.evict(chosen, chosen.length, tally);
            }
        }
    }

    private long[] chooseSpeculative(long first, long last) {
        return chooseSpeculative(first, last, null);
    }

    /** The speculative lines of one burst, in {@code tally}'s first array unless it is null (then a new one). */
    private long[] chooseSpeculative(long first, long last, EventTally tally) {
        long[] window = config.prefetchDegree() / 2 > 0 ? hot.view() : NO_LINES;
        long[] lines = tally == null ? new long[lineCount(window)] : tally.lines(0, lineCount(window));
        synchronized (lock) {
            draw(lines, window, first, last);
        }
        return lines;
    }

    /** The speculative lines of one burst: half the degree (rounded up) from it, the rest from the window. */
    private int lineCount(long[] window) {
        int degree = config.prefetchDegree();
        int fromWindow = degree / 2;
        return degree - fromWindow + (window.length == 0 ? 0 : fromWindow);
    }

    /** Fills {@code lines} from {@code prefetchRandom}; {@code lock} held. */
    private void draw(long[] lines, long[] window, long first, long last) {
        int fromBurst = config.prefetchDegree() - config.prefetchDegree() / 2;
        int i = 0;
        for (; i < fromBurst; i++) {
            lines[i] = first + prefetchRandom.nextLong(last - first + 1);
        }
        for (; i < lines.length; i++) {
            long pfn = window[prefetchRandom.nextInt(window.length)];
            lines[i] = pfn * LINES_PER_PAGE + prefetchRandom.nextInt(LINES_PER_PAGE);
        }
    }

    /** The present lines of {@code [first, last]} to evict, in eviction order. */
    private long[] choosePressure(long first, long last) {
        long[] present = store.index().present(first, last);
        if (config.adversarial()) {
            return dirtyOnly(present);
        }
        int count = Math.min(config.evictDegree(), present.length);
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

    /**
     * The worst moment for each line: a dirty line evicted right after the device wrote its memory
     * overwrites the device's data; a clean line kept holds the data from before the burst.
     */
    private long[] dirtyOnly(long[] present) {
        int n = 0;
        for (long line : present) {
            CacheSet s = store.set(line);
            synchronized (store.lock(line)) {
                int way = s.lookup(line);
                if (way >= 0 && s.isDirty(way)) {
                    present[n++] = line;
                }
            }
        }
        return n == present.length ? present : Arrays.copyOf(present, n);
    }

    private static long[] range(long first, long last) {
        long[] lines = new long[(int) (last - first + 1)];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = first + i;
        }
        return lines;
    }

    /** Pressure evictions of {@code lines[0..n)} in order (absent ones are skipped), counted once. */
    void evict(long[] lines, int n) {
        EventTally tally = new EventTally();
        moves.evict(lines, n, tally);
        tally.addTo(stats);
    }

    /** Speculative fills of {@code lines[0..n)} in order (see {@link LineMoves#prefetch}), counted once. */
    void prefetch(long[] lines, int n) {
        EventTally tally = new EventTally();
        tally.prefetched = moves.prefetch(lines, n);
        tally.addTo(stats);
    }
}
