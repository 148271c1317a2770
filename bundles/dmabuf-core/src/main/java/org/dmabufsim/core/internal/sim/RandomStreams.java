// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Per-agent random streams: the sequence of {@code stream(id)} depends only on the seed and the id,
 * never on which other agents drew before, so results do not depend on thread scheduling.
 */
public final class RandomStreams {
    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** A new generator for agent {@code agentId}. */
    public RandomGenerator stream(String agentId) {
        return new SplittableRandom(mix(seed ^ fnv1a64(agentId)));
    }

    static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finaliser: spreads nearby seeds far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
