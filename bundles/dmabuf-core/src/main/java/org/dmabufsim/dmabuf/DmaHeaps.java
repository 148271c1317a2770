// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The heaps of one simulation. A heap is an allocation policy contributed by a
 * {@link HeapFactory}; the core owns the buffers it hands out and their release.
 *
 * <p><b>Removal drains.</b> When a heap is removed (its bundle stopped, updated or uninstalled) it
 * leaves the registry at once: new allocations get ENODEV and {@link #list()} no longer shows it.
 * Its policy is shut down (pooled and deferred pages go back to the memory map) and never called
 * again; live buffers keep their pages and data, and their pages go straight to the memory map when
 * they are released. Nothing of the heap's code stays reachable.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaHeaps {

    /**
     * Creates a heap from a factory.
     *
     * @throws org.dmabufsim.sim.ErrnoException EEXIST if the name or id is taken; EINVAL for an empty
     *         name, an id outside 0..31, a factory of another type or an unknown caching model; what
     *         the factory throws (e.g. ENODEV for a CMA area that does not exist)
     */
    HeapInfo add(HeapSpec spec, HeapFactory factory);

    /** Removes a heap (see the class comment). Returns false if there was none of that name. */
    boolean remove(String name);

    /** Removes every heap created from {@code factory}; returns how many. */
    int removeAll(HeapFactory factory);

    /** Live heaps, by id. */
    List<HeapInfo> list();

    /** The live heap of that name. */
    Optional<HeapInfo> find(String name);

    /**
     * Allocates a buffer: {@code len} is page aligned up; the policy picks and zeroes the pages; the
     * core exports them with the heap's caching model. The returned buffer's one reference is held
     * by {@code owner}.
     *
     * @param flags heap flags handed to the policy and the caching model ({@code PageExportInfo.FLAG_*})
     * @param fileFlags {@code O_*} flags of the dma-buf file
     * @throws org.dmabufsim.sim.ErrnoException ENODEV if there is no such heap (or it is being
     *         removed); EINVAL if {@code len} is 0 or aligns past 2^63; ENOMEM from the policy
     */
    DmaBuf allocate(String heap, long len, long flags, int fileFlags, Owner owner);

    /**
     * The heap's shrinker: frees up to {@code nrPages} pages from its deferred-free list, then its
     * pools (rule 66); 0 asks only for the count. Returns pages freed (or, for 0, freeable).
     *
     * @throws org.dmabufsim.sim.ErrnoException ENODEV if there is no such heap
     */
    long shrink(String heap, long nrPages);
}
