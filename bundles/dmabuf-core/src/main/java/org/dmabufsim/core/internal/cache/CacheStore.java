// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuCache;

/**
 * The line store of the cache: the sets, the present-line index and the line primitives (install,
 * write back, drop). Every primitive that takes a {@link CacheSet} must be called with that set's
 * lock held ({@code synchronized (set)}); there is no global lock.
 */
final class CacheStore {
    static final int LINE = CpuCache.LINE_SIZE;
    static final int LINE_SHIFT = 6;

    private final CacheSet[] sets;
    private final int setMask;
    private final LineIndex index = new LineIndex();
    private final Dram dram;
    private final Stats stats;
    private final RandomStreams random;
    private final AtomicLong present = new AtomicLong();
    private final AtomicLong dirty = new AtomicLong();

    CacheStore(CacheConfig config, Dram dram, Stats stats, RandomStreams random) {
        long count = config.capacityBytes() / ((long) LINE * config.ways());
        if (count > (1 << 24)) {
            throw new IllegalArgumentException("cache too large: " + config.capacityBytes());
        }
        this.sets = new CacheSet[(int) count];
        for (int i = 0; i < sets.length; i++) {
            sets[i] = new CacheSet(i, config.ways());
        }
        this.setMask = sets.length - 1;
        this.dram = dram;
        this.stats = stats;
        this.random = random;
    }

    /** The set of a line; lock it before calling the primitives below. */
    CacheSet set(long line) {
        return sets[(int) (line & setMask)];
    }

    LineIndex index() {
        return index;
    }

    Dram dram() {
        return dram;
    }

    long presentLines() {
        return present.get();
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
            dram.read(line << LINE_SHIFT, s.data(), CacheSet.offset(way), LINE);
        }
        s.setTag(way, line);
        s.setDirty(way, false);
        index.add(line);
        present.incrementAndGet();
        return way;
    }

    /**
     * A capacity or pressure eviction: write back if dirty, drop, count. No CPU time is charged here:
     * a CPU miss pays {@code lineFillNs} for its fill, victim included; pressure is background work.
     */
    void evict(CacheSet s, int way) {
        stats.linesEvicted.increment();
        if (s.isDirty(way)) {
            stats.evictionWritebacks.increment();
            writeBack(s, way);
        }
        drop(s, way);
    }

    /** Writes a dirty line to DRAM; it stays present and becomes clean. */
    void writeBack(CacheSet s, int way) {
        dram.write(s.tag(way) << LINE_SHIFT, s.data(), CacheSet.offset(way), LINE);
        markClean(s, way);
    }

    /** Drops the line without writing it back (whatever it held is gone). */
    void drop(CacheSet s, int way) {
        markClean(s, way);
        index.remove(s.tag(way));
        s.setTag(way, CacheSet.INVALID);
        present.decrementAndGet();
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
