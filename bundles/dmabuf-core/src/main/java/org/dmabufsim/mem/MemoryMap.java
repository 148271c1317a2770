// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The physical memory map: DRAM banks, reserved regions, the buddy allocator (orders 0 to
 * {@link #MAX_ORDER}) and region allocators, and the raw contents of DRAM.
 *
 * <p>Backing is sparse: a page costs host memory only once something other than zeros was written to
 * it, so 64 GiB of simulated RAM fit in a small JVM heap while untouched. DRAM starts all zero.
 *
 * <p>The {@code readDram}/{@code writeDram} methods see and change DRAM itself, below the CPU cache:
 * they are for tests and oracles, cost no modelled time and count nothing.
 *
 * @ThreadSafe
 */
@ProviderType
public interface MemoryMap {

    /** Bytes per page. */
    int PAGE_SIZE = 4096;
    /** log2 of {@link #PAGE_SIZE}. */
    int PAGE_SHIFT = 12;
    /** Largest buddy order: blocks of up to {@code 1 << MAX_ORDER} pages (4 MiB). */
    int MAX_ORDER = 10;

    /** The layout this map was built from. */
    MemoryLayout layout();

    /** Pages of system RAM the kernel manages: DRAM minus carveouts and the swiotlb pool (CMA counts). */
    long totalRamPages();

    /**
     * {@code alloc_pages(gfp, order)}: a naturally aligned block of {@code 1 << order} pages from
     * {@code zone} or a lower zone. The contents are whatever the previous owner left.
     *
     * @throws org.dmabufsim.sim.ErrnoException ENOMEM if no block of that order is free,
     *         EINVAL if {@code order} is outside 0..{@link #MAX_ORDER}
     */
    PageRange allocPages(int order, Zone zone);

    /**
     * {@code __free_pages(page, order)}: gives a block from {@link #allocPages} back.
     *
     * @throws org.dmabufsim.sim.KernelBug if the block is not currently allocated with exactly that
     *         size ("Bad page state"): a double free or a wrong order
     */
    void freePages(PageRange block);

    /**
     * {@code cma_alloc}/{@code gen_pool_alloc} in a reserved region: {@code pages} contiguous pages
     * whose first pfn is a multiple of {@code 1 << alignOrder}, first fit from the region's base.
     *
     * @throws org.dmabufsim.sim.ErrnoException ENODEV if there is no CMA or carveout region of that
     *         name, ENOMEM if no such range is free, EINVAL if {@code pages < 1}
     */
    PageRange allocRegion(String regionName, long pages, int alignOrder);

    /**
     * Gives a range from {@link #allocRegion} back.
     *
     * @throws org.dmabufsim.sim.KernelBug if the range is not currently allocated in that region
     */
    void freeRegion(String regionName, PageRange range);

    /** Page accounting per buddy zone and per reserved region. */
    List<RegionStats> stats();

    /** Whether {@code phys} is DRAM (in a bank). */
    boolean isDram(long phys);

    /** Whether {@code phys} is DRAM with a linear-map alias (not in a {@code no-map} region). */
    boolean isLinearMapped(long phys);

    /** The reserved region containing {@code phys}, if any. */
    Optional<ReservedRegion> regionOf(long phys);

    /** The reserved region of that name, if any. */
    Optional<ReservedRegion> region(String name);

    /**
     * Copies DRAM contents (not what the CPU would see through its cache).
     *
     * @throws IllegalArgumentException if the range is not entirely DRAM
     */
    void readDram(long phys, byte[] dst, int offset, int length);

    /**
     * Changes DRAM contents behind the cache's back.
     *
     * @throws IllegalArgumentException if the range is not entirely DRAM
     */
    void writeDram(long phys, byte[] src, int offset, int length);

    /** Host bytes currently used to back touched pages. */
    long hostBytes();
}
