// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.stream.LongStream;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.sim.Simulation;

/**
 * Shared pieces of the known-answer tests: the 50 seeds every behaviour must hold for (under the
 * default cache configuration, which has speculative prefetch and pressure eviction), and a
 * line-by-line classification of buffer contents.
 */
final class KnownAnswers {
    static final int SEEDS = 50;
    static final int LINE = CpuCache.LINE_SIZE;

    private KnownAnswers() {
    }

    /** Seeds 1..50, for {@code @MethodSource}. */
    static LongStream seeds() {
        return LongStream.rangeClosed(1, SEEDS);
    }

    /** How many 64-byte lines of {@code data} hold only {@code a}, only {@code b}, or anything else. */
    record Lines(int onlyA, int onlyB, int other) {
    }

    static Lines classify(byte[] data, int a, int b) {
        int onlyA = 0;
        int onlyB = 0;
        int other = 0;
        for (int off = 0; off < data.length; off += LINE) {
            if (uniform(data, off, (byte) a)) {
                onlyA++;
            } else if (uniform(data, off, (byte) b)) {
                onlyB++;
            } else {
                other++;
            }
        }
        return new Lines(onlyA, onlyB, other);
    }

    private static boolean uniform(byte[] data, int off, byte value) {
        for (int i = off; i < off + LINE; i++) {
            if (data[i] != value) {
                return false;
            }
        }
        return true;
    }

    /** Lines of {@code [phys, phys+len)} present in the cache. */
    static int presentLines(Simulation sim, long phys, long len) {
        int n = 0;
        for (long p = phys; p < phys + len; p += LINE) {
            n += sim.cache().isPresent(p) ? 1 : 0;
        }
        return n;
    }

    static byte[] dram(Simulation sim, long phys, int len) {
        byte[] b = new byte[len];
        sim.memory().readDram(phys, b, 0, len);
        return b;
    }
}
