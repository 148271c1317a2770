// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import java.util.Objects;

/**
 * A region of DRAM set aside at boot: not managed by the buddy allocator.
 *
 * @param name unique name, e.g. {@code "linux,cma"} or {@code "camera-carveout"}
 * @param kind what the region is for
 * @param base page-aligned physical address, inside one DRAM bank
 * @param size non-zero multiple of the page size
 * @param noMap {@code true} for a {@code no-map} region: it has no linear-map alias, so the CPU
 *        cache never holds its lines unless some other cacheable mapping of it exists
 */
public record ReservedRegion(String name, RegionKind kind, long base, long size, boolean noMap) {

    public ReservedRegion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isEmpty() || base < 0 || size <= 0 || (base & (MemoryMap.PAGE_SIZE - 1)) != 0
                || (size & (MemoryMap.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("bad region %s base=%#x size=%#x", name, base, size));
        }
        if (noMap && kind != RegionKind.CARVEOUT) {
            throw new IllegalArgumentException("only carveouts can be no-map: " + name);
        }
    }

    public static ReservedRegion cma(String name, long base, long size) {
        return new ReservedRegion(name, RegionKind.CMA, base, size, false);
    }

    public static ReservedRegion carveout(String name, long base, long size, boolean noMap) {
        return new ReservedRegion(name, RegionKind.CARVEOUT, base, size, noMap);
    }

    public static ReservedRegion swiotlb(long base, long size) {
        return new ReservedRegion("swiotlb", RegionKind.SWIOTLB, base, size, false);
    }

    /** One past the last byte. */
    public long end() {
        return base + size;
    }

    /** Whether {@code phys} lies in this region. */
    public boolean contains(long phys) {
        return phys >= base && phys < end();
    }
}
