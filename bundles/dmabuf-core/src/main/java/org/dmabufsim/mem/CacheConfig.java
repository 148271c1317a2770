// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/**
 * The CPU cache up to the point of coherency: set associative, 64-byte lines, write-back with
 * whole-line write-allocate, seeded random replacement within a set.
 *
 * <p><b>Cache events.</b> Device DMA runs in bursts (see {@code org.dmabufsim.dma.DmaJob}). Before each
 * burst the prefetcher speculatively fills lines: half of {@code prefetchDegree} from the lines the
 * burst touches, half from pages the CPU touched recently ({@code hotWindowPages} of them), never from
 * {@code no-map} regions. After each burst, {@code evictDegree} present lines of the burst's range are
 * evicted (written back if dirty), modelling conflict misses from other CPU work. All choices come
 * from the cache's seeded random stream.
 *
 * <p><b>Adversarial mode</b> makes "correct" mean correct under every schedule: before each burst
 * every line of the burst is prefetched (so every line the device then writes is stale in the cache),
 * and after it every dirty line of the burst is evicted (on top of what the device wrote) while the
 * stale clean lines stay: a missing invalidate always shows stale data and a missing clean always
 * loses device data.
 *
 * @param capacityBytes total capacity, a power of two, at least {@code ways * 64}
 * @param ways associativity, a power of two
 * @param prefetchDegree lines prefetched before each DMA burst (default 4)
 * @param evictDegree present lines of the burst evicted after each DMA burst (default 2)
 * @param hotWindowPages how many recently CPU-touched pages the prefetcher also draws from
 * @param adversarial prefetch and evict at the worst moment
 */
public record CacheConfig(long capacityBytes, int ways, int prefetchDegree, int evictDegree, int hotWindowPages,
        boolean adversarial) {

    public CacheConfig {
        if (Long.bitCount(capacityBytes) != 1 || Integer.bitCount(ways) != 1
                || capacityBytes < (long) ways * CpuCache.LINE_SIZE) {
            throw new IllegalArgumentException("capacity and ways must be powers of two: " + capacityBytes + "/" + ways);
        }
        if (prefetchDegree < 0 || evictDegree < 0 || hotWindowPages < 0) {
            throw new IllegalArgumentException("negative degree");
        }
    }

    /** 2 MiB, 16 ways, prefetch 4, evict 2, hot window 64 pages, not adversarial. */
    public static CacheConfig defaults() {
        return new CacheConfig(2L << 20, 16, 4, 2, 64, false);
    }

    /** No prefetch and no pressure eviction: only capacity misses, for exact known-answer tests. */
    public static CacheConfig quiet() {
        return new CacheConfig(2L << 20, 16, 0, 0, 0, false);
    }

    public CacheConfig withCapacity(long newCapacityBytes) {
        return new CacheConfig(newCapacityBytes, ways, prefetchDegree, evictDegree, hotWindowPages, adversarial);
    }

    public CacheConfig withAdversarial(boolean on) {
        return new CacheConfig(capacityBytes, ways, prefetchDegree, evictDegree, hotWindowPages, on);
    }

    public CacheConfig withPrefetch(int degree) {
        return new CacheConfig(capacityBytes, ways, degree, evictDegree, hotWindowPages, adversarial);
    }

    public CacheConfig withEviction(int degree) {
        return new CacheConfig(capacityBytes, ways, prefetchDegree, degree, hotWindowPages, adversarial);
    }
}
