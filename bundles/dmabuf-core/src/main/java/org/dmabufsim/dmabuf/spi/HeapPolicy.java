// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import java.util.List;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.mem.PageRange;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A heap: how pages are chosen for a buffer and what happens to them when it is released. The
 * core validates the request, wraps the pages in a dma-buf and owns its release; the policy never
 * sees the buffer. The core serialises nothing: policies guard their own state.
 */
@ConsumerType
public interface HeapPolicy {

    /**
     * Chooses pages for a buffer of {@code len} bytes ({@code len} is page aligned and non-zero).
     * Every byte must read as zero through the CPU when the call returns, with the zeroing done as the
     * kernel does it (CPU writes through the cache, e.g. {@code Cpu.clearPages}).
     *
     * @return physically contiguous chunks in buffer order, covering at least {@code len}
     * @throws org.dmabufsim.sim.ErrnoException ENOMEM when it cannot; nothing may stay allocated
     */
    List<PageRange> allocate(long len, long flags);

    /** Takes back the pages of a released buffer (pool, deferred free, or the memory map). */
    void free(List<PageRange> pages, long flags);

    /**
     * The heap is going away: give every pooled or deferred page back to the memory map. No other
     * method is called afterwards.
     */
    void shutdown();

    /** Pools and deferred-free list. */
    default HeapStats stats() {
        return HeapStats.EMPTY;
    }

    /** The shrinker's count: pages {@link #shrinkScan} could free. */
    default long shrinkCount() {
        return 0;
    }

    /** The shrinker's scan: frees up to {@code nrPages} pages, returns how many. */
    default long shrinkScan(long nrPages) {
        return 0;
    }

    /** Whether the heap can map buffers into the kernel ({@code heap->ops->map_kernel}). */
    default boolean kernelMappable() {
        return true;
    }
}
