// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import java.util.ArrayList;
import java.util.List;

/**
 * The physical memory map declared at creation: DRAM banks and reserved regions.
 *
 * @param banks DRAM banks, not overlapping
 * @param reserved regions carved out of the banks, not overlapping; at most one {@link RegionKind#SWIOTLB}
 */
public record MemoryLayout(List<DramBank> banks, List<ReservedRegion> reserved) {

    /** 1 GiB. */
    public static final long GIB = 1L << 30;
    /** 1 MiB. */
    public static final long MIB = 1L << 20;
    /** Where arm64 SoCs put the first DRAM bank. */
    public static final long LOW_BANK_BASE = 0x8000_0000L;
    /** Where arm64 SoCs put DRAM above 4 GiB (the second bank of the default map). */
    public static final long HIGH_BANK_BASE = 0x8_8000_0000L;

    public MemoryLayout {
        banks = List.copyOf(banks);
        reserved = List.copyOf(reserved);
        if (banks.isEmpty()) {
            throw new IllegalArgumentException("no DRAM bank");
        }
    }

    /**
     * The default 8 GiB map: {@link #ofDram(long) ofDram(8 GiB)}.
     */
    public static MemoryLayout defaults() {
        return ofDram(8 * GIB);
    }

    /**
     * An arm64-like map with {@code totalBytes} of DRAM: the first 2 GiB at {@code 0x8000_0000}
     * (below 4 GiB, so in ZONE_DMA32), the rest at {@code 0x8_8000_0000}; a 256 MiB CMA area named
     * {@code "linux,cma"} at {@code 0xE000_0000} and a 64 MiB swiotlb pool at {@code 0xFC00_0000}, both
     * in low memory as the kernel places them.
     *
     * @param totalBytes at least 1 GiB, a multiple of the page size
     */
    public static MemoryLayout ofDram(long totalBytes) {
        if (totalBytes < GIB || (totalBytes & (MemoryMap.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("DRAM must be at least 1 GiB and page aligned: " + totalBytes);
        }
        long low = Math.min(totalBytes, 2 * GIB);
        List<DramBank> banks = new ArrayList<>();
        banks.add(new DramBank(LOW_BANK_BASE, low));
        if (totalBytes > low) {
            banks.add(new DramBank(HIGH_BANK_BASE, totalBytes - low));
        }
        long lowEnd = LOW_BANK_BASE + low;
        List<ReservedRegion> regions = List.of(
                ReservedRegion.cma("linux,cma", lowEnd - 512 * MIB, 256 * MIB),
                ReservedRegion.swiotlb(lowEnd - 64 * MIB, 64 * MIB));
        return new MemoryLayout(banks, regions);
    }

    /** This layout with one more reserved region. */
    public MemoryLayout withReserved(ReservedRegion region) {
        List<ReservedRegion> all = new ArrayList<>(reserved);
        all.add(region);
        return new MemoryLayout(banks, all);
    }

    /** This layout without the region of that name (e.g. {@code "swiotlb"} to disable bouncing). */
    public MemoryLayout withoutReserved(String name) {
        List<ReservedRegion> all = new ArrayList<>(reserved);
        all.removeIf(r -> r.name().equals(name));
        return new MemoryLayout(banks, all);
    }

    /** Total DRAM bytes. */
    public long totalBytes() {
        return banks.stream().mapToLong(DramBank::size).sum();
    }
}
