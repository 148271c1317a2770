// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/** What a reserved region of DRAM is for. */
public enum RegionKind {
    /** A carveout given to one heap or device ({@code reserved-memory} without {@code reusable}). */
    CARVEOUT,
    /** A CMA area: contiguous allocations with {@code cma_alloc} alignment. */
    CMA,
    /** The swiotlb bounce pool: 2 KiB slots in low RAM, reached through the cacheable linear map. */
    SWIOTLB
}
