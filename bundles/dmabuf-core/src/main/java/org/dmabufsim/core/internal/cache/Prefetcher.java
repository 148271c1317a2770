// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.mem.CacheConfig;

/**
 * The cache events around a DMA burst ({@link CacheConfig}). Before: {@code prefetchDegree} speculative
 * fills, the larger half from random lines of the burst, the rest from random lines of the hot
 * window's pages. After: {@code evictDegree} distinct random present lines of the burst evicted. In
 * adversarial mode every line of the burst is prefetched before and every present line of it evicted
 * after. Prefetches skip memory without a linear-map alias ({@code no-map}).
 *
 * <p>The random choices come from the streams {@code cache.prefetch} and {@code cache.pressure},
 * each guarded by {@code lock}; the cache operations themselves take only set locks.
 */
final class Prefetcher {
    private static final int SHIFT = CacheStore.LINE_SHIFT;
    private static final int LINES_PER_PAGE = 64;

    private final CpuCacheImpl cache;
    private final LineIndex index;
    private final HotWindow hot;
    private final CacheConfig config;
    private final Object lock = new Object(); // guards prefetchRandom and pressureRandom
    private final RandomGenerator prefetchRandom;
    private final RandomGenerator pressureRandom;

    Prefetcher(CpuCacheImpl cache, LineIndex index, HotWindow hot, CacheConfig config, RandomStreams random) {
        this.cache = cache;
        this.index = index;
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
        if (config.adversarial()) {
            for (long line = first; line <= last; line++) {
                cache.prefetch(line << SHIFT);
            }
            return;
        }
        for (long line : chooseSpeculative(first, last)) {
            cache.prefetch(line << SHIFT);
        }
    }

    private long[] chooseSpeculative(long first, long last) {
        int degree = config.prefetchDegree();
        int fromWindow = degree / 2;
        long[] window = fromWindow > 0 ? hot.snapshot() : new long[0];
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

    void afterBurst(long phys, long len) {
        if (len <= 0 || (config.evictDegree() == 0 && !config.adversarial())) {
            return;
        }
        long[] present = index.present(phys >>> SHIFT, (phys + len - 1) >>> SHIFT);
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
        for (int i = 0; i < count; i++) {
            cache.evict(present[i] << SHIFT);
        }
    }
}
