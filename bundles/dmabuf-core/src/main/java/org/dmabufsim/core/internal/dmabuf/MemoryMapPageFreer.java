// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.ReservedRegion;

/**
 * Gives pages back to the memory map: a range inside a CMA area or a carveout goes back to that
 * region ({@code cma_release}/{@code gen_pool_free}), anything else is a buddy block
 * ({@code __free_pages}). The map is looked up at free time, so this can be built before the memory
 * map is wired.
 */
public final class MemoryMapPageFreer implements PageFreer {
    private final Supplier<MemoryMap> memory;

    public MemoryMapPageFreer(Supplier<MemoryMap> memory) {
        this.memory = memory;
    }

    @Override
    public void free(List<PageRange> pages) {
        MemoryMap map = memory.get();
        for (PageRange range : pages) {
            Optional<ReservedRegion> region = map.regionOf(range.phys());
            if (region.isPresent() && isRegionAllocator(region.get().kind())) {
                map.freeRegion(region.get().name(), range);
            } else {
                map.freePages(range);
            }
        }
    }

    private static boolean isRegionAllocator(RegionKind kind) {
        return kind == RegionKind.CMA || kind == RegionKind.CARVEOUT;
    }
}
