// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The CPU side: mappings of page frames and the kernel's page-zeroing.
 *
 * @ThreadSafe
 */
@ProviderType
public interface Cpu {

    /**
     * The kernel's cacheable linear map of system RAM; offsets are physical addresses.
     * Accesses to memory without a linear alias ({@code no-map}, not DRAM) throw
     * {@link org.dmabufsim.sim.ErrnoException} EFAULT.
     */
    CpuMapping linearMap();

    /**
     * {@code vmap}/{@code remap_pfn_range}: maps the pages, in order, with the given attributes.
     *
     * @param pages must not be empty
     */
    CpuMapping map(List<PageRange> pages, MemAttr attr);

    /**
     * A fault-tracked mapping: no page is present until the CPU touches it and {@code handler}
     * inserts it. This is how ION v4.9 tracked which pages of a cached user mapping were dirtied.
     */
    CpuMapping mapFaulting(List<PageRange> pages, MemAttr attr, FaultHandler handler);

    /**
     * {@code clear_page} on each page of the range through the cacheable linear map, as
     * {@code __GFP_ZERO} does: the zeros are CPU writes, so they may sit in the cache as dirty lines
     * while DRAM still holds the previous owner's data. Host cost is bounded by the cache capacity,
     * not the range; modelled time is charged for every byte.
     */
    void clearPages(PageRange range);

    /** {@code dsb}: drains every write-combine buffer to DRAM. */
    void barrier();
}
