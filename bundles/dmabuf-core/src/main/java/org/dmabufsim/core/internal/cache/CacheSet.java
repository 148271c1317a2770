// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.mem.CpuCache;

/**
 * One set of the cache: tags, dirty flags and the data of its ways in flat arrays (no per-line
 * objects). The set object itself is the set's lock: every field is read and written only while
 * holding {@code synchronized (set)}.
 */
final class CacheSet {
    static final long INVALID = -1L;

    private final int index;
    private final long[] tags;     // line number (phys >> 6) of each way, or INVALID
    private final boolean[] dirty;
    private final byte[] data;     // way w holds bytes [w * 64, w * 64 + 64)
    private RandomGenerator random; // created on the first random replacement

    CacheSet(int index, int ways) {
        this.index = index;
        this.tags = new long[ways];
        this.dirty = new boolean[ways];
        this.data = new byte[ways * CpuCache.LINE_SIZE];
        Arrays.fill(tags, INVALID);
    }

    /** The way holding {@code line}, or -1. */
    int lookup(long line) {
        for (int w = 0; w < tags.length; w++) {
            if (tags[w] == line) {
                return w;
            }
        }
        return -1;
    }

    /** The first invalid way, or a random way drawn from this set's own stream when the set is full. */
    int victim(RandomStreams streams) {
        for (int w = 0; w < tags.length; w++) {
            if (tags[w] == INVALID) {
                return w;
            }
        }
        if (random == null) {
            random = streams.stream("cache.set." + index);
        }
        return random.nextInt(tags.length);
    }

    long tag(int way) {
        return tags[way];
    }

    boolean isDirty(int way) {
        return dirty[way];
    }

    void setTag(int way, long line) {
        tags[way] = line;
    }

    void setDirty(int way, boolean value) {
        dirty[way] = value;
    }

    byte[] data() {
        return data;
    }

    static int offset(int way) {
        return way * CpuCache.LINE_SIZE;
    }
}
