// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuCache;

/**
 * The line store of the cache: the sets, the present-line index and the line primitives (install,
 * write back, drop). Every primitive that takes a {@link CacheSet} must be called holding
 * {@code synchronized (lock(line))} for the lines of that set; there is no global lock.
 *
 * <p>Locks: one per group of 64 consecutive sets (one for all sets of a cache with fewer). The 64
 * lines of a page fall into 64 consecutive sets of one group, so the lock of a line is also the lock
 * of every line of its page and of the page's mask in the {@link LineIndex}: the cache events of a
 * burst (which never leaves its page) take one lock, and the index needs no atomic operations. The
 * group's lock also guards its count of present lines and its sets' counts of valid ways.
 */
final class CacheStore {
    static final int LINE = CpuCache.LINE_SIZE;
    static final int LINE_SHIFT = 6;
    private static final int GROUP_SHIFT = 6; // 64 sets per lock

    private final CacheSet[] sets;
    private final int setMask;
    private final Object[] locks;   // locks[g]: sets [64g, 64g + 64), their lines' index masks, present[g]
    private final int[] present;    // present lines per lock group
    private final int[] valid;      // valid ways per set, under the set's lock
    private final int ways;
    private final LineIndex index = new LineIndex();
    private final Dram dram;
    private final Stats stats;
    private final RandomStreams random;
    private final AtomicLong dirty = new AtomicLong();

    CacheStore(CacheConfig config, Dram dram, Stats stats, RandomStreams random) {
        long count = config.capacityBytes() / ((long) LINE * config.ways());
        if (count > (1 << 24) || config.capacityBytes() > (1L << 30)) {
            throw new IllegalArgumentException("cache too large: " + config.capacityBytes());
        }
        int lines = (int) (config.capacityBytes() / LINE);
        long[] tags = new long[lines];
        Arrays.fill(tags, CacheSet.INVALID);
        boolean[] dirtyFlags = new boolean[lines];
        byte[] data = new byte[(int) config.capacityBytes()];
        this.sets = new CacheSet[(int) count];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = new CacheSet(i, config.ways(), tags, dirtyFlags, data);
        }
        this.setMask = sets.length - 1;
        this.locks = new Object[Math.max(1, sets.length >>> GROUP_SHIFT)];
        for (int g = 0; g < locks.length; g++) {
            locks[g] = new Object();
        }
        this.present = new int[locks.length];
        this.valid = new int[sets.length];
        this.ways = config.ways();
        this.dram = dram;
        this.stats = stats;
        this.random = random;
    }

    /** The set of a line; hold {@link #lock(long)} of the line before calling the primitives below. */
    CacheSet set(long line) {
        return sets[(int) (line & setMask)];
    }

    /** The lock of {@code line}'s set, which is also the lock of every line of the same page. */
    Object lock(long line) {
        return locks[group(line)];
    }

    /** Whether {@code line}'s set has an invalid way, so installing it would evict nothing. Lock held. */
    boolean hasFreeWay(long line) {
        return valid[(int) (line & setMask)] < ways;
    }

    /** Whether all lines of a page are in distinct sets of one lock (at least 64 sets). */
    boolean pagePerLock() {
        return sets.length >= 64;
    }

    private int group(long line) {
        return (int) ((line & setMask) >>> GROUP_SHIFT);
    }

    LineIndex index() {
        return index;
    }

    Dram dram() {
        return dram;
    }

    /** Present lines: a sum of per-group counts read without their locks (exact when the cache is idle). */
    long presentLines() {
        long n = 0;
        for (int count : present) {
            n += count;
        }
        return n;
    }

    long dirtyLines() {
        return dirty.get();
    }

    /**
     * Puts {@code line} into a way of its set (which must not hold it): a full set evicts a random
     * victim, writing it back if dirty. With {@code fill} the line's bytes come from DRAM.
     */
    int install(CacheSet s, long line, boolean fill) {
        int way = s.victim(random);
        if (s.tag(way) != CacheSet.INVALID) {
            evict(s, way);
        }
        if (fill) {
            dram.read(line << LINE_SHIFT, s.data(), s.offset(way), LINE);
        }
        s.setTag(way, line);
        s.setDirty(way, false);
        index.add(line);
        present[group(line)]++;
        valid[(int) (line & setMask)]++;
        return way;
    }

    /**
     * A capacity or pressure eviction: write back if dirty, drop, count. No CPU time is charged here:
     * a CPU miss pays {@code lineFillNs} for its fill, victim included; pressure is background work.
     */
    void evict(CacheSet s, int way) {
        stats.linesEvicted.increment();
        if (release(s, way)) {
            stats.evictionWritebacks.increment();
        }
    }

    /** {@link #evict} without counting: returns whether the line was dirty and so written back. */
    boolean release(CacheSet s, int way) {
        boolean dirtyLine = s.isDirty(way);
        if (dirtyLine) {
            writeBack(s, way);
        }
        drop(s, way);
        return dirtyLine;
    }

    /** Writes a dirty line to DRAM; it stays present and becomes clean. */
    void writeBack(CacheSet s, int way) {
        dram.write(s.tag(way) << LINE_SHIFT, s.data(), s.offset(way), LINE);
        markClean(s, way);
    }

    /** Drops the line without writing it back (whatever it held is gone). */
    void drop(CacheSet s, int way) {
        markClean(s, way);
        long line = s.tag(way);
        index.remove(line);
        present[group(line)]--;
        valid[(int) (line & setMask)]--;
        s.setTag(way, CacheSet.INVALID);
    }

    void markDirty(CacheSet s, int way) {
        if (!s.isDirty(way)) {
            s.setDirty(way, true);
            dirty.incrementAndGet();
        }
    }

    private void markClean(CacheSet s, int way) {
        if (s.isDirty(way)) {
            s.setDirty(way, false);
            dirty.decrementAndGet();
        }
    }
}
