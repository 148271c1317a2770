// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Simulation;

/** Page layouts and data patterns shared by the benchmarks' setups. Stateless. */
final class BenchBuffers {
    /** Bytes every benchmark moves or syncs: 8 MiB. */
    static final int SIZE = 8 << 20;
    /** 4 KiB pages in {@link #SIZE}. */
    static final int PAGES = SIZE / MemoryMap.PAGE_SIZE;

    private BenchBuffers() {
    }

    /**
     * {@code count} single pages in a seeded random order, so that almost no two neighbours in the
     * list are physically adjacent (as a fragmented system heap hands out order-0 pages).
     */
    static List<Long> scatteredPages(Simulation sim, int count, long seed) {
        List<Long> pfns = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            pfns.add(sim.memory().allocPages(0, Zone.NORMAL).pfn());
        }
        Collections.shuffle(pfns, new Random(seed));
        return pfns;
    }

    /** {@code SIZE} bytes as the system heap allocates them: the largest order first, 1 MiB (order 8) chunks. */
    static List<PageRange> heapChunks(Simulation sim) {
        List<PageRange> chunks = new ArrayList<>();
        for (long bytes = 0; bytes < SIZE; bytes += 1 << 20) {
            chunks.add(sim.memory().allocPages(8, Zone.NORMAL));
        }
        return chunks;
    }

    /** {@code len} seeded pseudo-random bytes (never all zero). */
    static byte[] pattern(int len, long seed) {
        byte[] b = new byte[len];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
