// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one write-back cache up to the point of coherency, indexed by physical address.
 *
 * <p>Maintenance by range works as arm64 by-VA maintenance does: every line of the range is walked
 * (and counted, {@code linesWalked}), present or not; host cost is proportional to the lines present.
 * Invalidation of a range whose ends are not line aligned treats the partial edge lines as arm64's
 * {@code dcache_inval_poc} does: they are cleaned and invalidated, not discarded.
 *
 * @ThreadSafe
 */
@ProviderType
public interface CpuCache {

    /** Bytes per cache line. */
    int LINE_SIZE = 64;

    /** The configuration. */
    CacheConfig config();

    /** {@code dc cvac} over the range: write back dirty lines, keep them present and clean. */
    void clean(long phys, long length);

    /** {@code dc ivac} over the range: drop lines without writing back (edges: see class comment). */
    void invalidate(long phys, long length);

    /** {@code dc civac} over the range: write back dirty lines, then drop them. */
    void cleanInvalidate(long phys, long length);

    /** Whether the line holding {@code phys} is present. */
    boolean isPresent(long phys);

    /** Whether the line holding {@code phys} is present and dirty. */
    boolean isDirty(long phys);

    /** Lines present now. */
    long presentLines();

    /** Dirty lines present now. */
    long dirtyLines();

    /**
     * A speculative fill, as the prefetcher does: loads the line from DRAM if it is absent and has a
     * cacheable alias. Does nothing for present lines and {@code no-map} memory.
     */
    void prefetch(long phys);

    /** Evicts the line holding {@code phys}, writing it back if dirty, as a capacity miss would. */
    void evict(long phys);
}
