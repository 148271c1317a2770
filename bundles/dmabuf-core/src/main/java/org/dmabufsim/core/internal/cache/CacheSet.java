// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.mem.CpuCache;

/**
 * One set of the cache: its ways' tags, dirty flags and data live in the store's flat arrays (no
 * per-line objects, and no per-set arrays scattered over the heap: a lookup touches the tags of its
 * set only), from position {@code base}. Its ways' elements of the shared arrays (and its replacement
 * stream) are read and written only while holding {@link CacheStore#lock} of its lines.
 */
final class CacheSet {
    static final long INVALID = -1L;

    private final int index;
    private final int base;        // position of way 0 in tags and dirty
    private final int ways;
    private final long[] tags;     // shared; line number (phys >> 6) of each way, or INVALID
    private final boolean[] dirty; // shared
    private final byte[] data;     // shared; way w of this set holds bytes [offset(w), offset(w) + 64)
    private RandomGenerator random; // created on the first random replacement

    CacheSet(int index, int ways, long[] tags, boolean[] dirty, byte[] data) {
        this.index = index;
        this.base = index * ways;
        this.ways = ways;
        this.tags = tags;
        this.dirty = dirty;
        this.data = data;
    }

    /** The way holding {@code line}, or -1. */
    int lookup(long line) {
        for (int w = 0; w < ways; w++) {
            if (tags[base + w] == line) {
                return w;
            }
        }
        return -1;
    }

    /** The first invalid way, or a random way drawn from this set's own stream when the set is full. */
    int victim(RandomStreams streams) {
        for (int w = 0; w < ways; w++) {
            if (tags[base + w] == INVALID) {
                return w;
            }
        }
        if (random == null) {
            random = streams.stream("cache.set." + index);
        }
        return random.nextInt(ways);
    }

    long tag(int way) {
        return tags[base + way];
    }

    boolean isDirty(int way) {
        return dirty[base + way];
    }

    void setTag(int way, long line) {
        tags[base + way] = line;
    }

    void setDirty(int way, boolean value) {
        dirty[base + way] = value;
    }

    /** The array holding the data of every set; this set's way {@code w} starts at {@link #offset}. */
    byte[] data() {
        return data;
    }

    /** Where way {@code way}'s 64 bytes start in {@link #data()}. */
    int offset(int way) {
        return (base + way) * CpuCache.LINE_SIZE;
    }
}
