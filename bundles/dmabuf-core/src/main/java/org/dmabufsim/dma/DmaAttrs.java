// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * {@code unsigned long attrs} of the DMA API: a bitset with the kernel's bit positions
 * ({@code include/linux/dma-mapping.h}).
 *
 * @param bits the raw bitset
 */
public record DmaAttrs(long bits) {

    public static final long WEAK_ORDERING_BIT = 1L << 1;
    public static final long WRITE_COMBINE_BIT = 1L << 2;
    public static final long NO_KERNEL_MAPPING_BIT = 1L << 4;
    /** Skip CPU cache maintenance (and swiotlb copies); the mapping itself is still made (rule 98). */
    public static final long SKIP_CPU_SYNC_BIT = 1L << 5;
    public static final long FORCE_CONTIGUOUS_BIT = 1L << 6;
    public static final long ALLOC_SINGLE_PAGES_BIT = 1L << 7;
    public static final long NO_WARN_BIT = 1L << 8;
    /** Map with IOMMU_PRIV. */
    public static final long PRIVILEGED_BIT = 1L << 9;

    /** No attributes. */
    public static final DmaAttrs NONE = new DmaAttrs(0);
    /** {@code DMA_ATTR_SKIP_CPU_SYNC}. */
    public static final DmaAttrs SKIP_CPU_SYNC = new DmaAttrs(SKIP_CPU_SYNC_BIT);

    /** Whether every bit of {@code mask} is set. */
    public boolean has(long mask) {
        return (bits & mask) == mask;
    }

    /** Whether {@code DMA_ATTR_SKIP_CPU_SYNC} is set. */
    public boolean skipCpuSync() {
        return has(SKIP_CPU_SYNC_BIT);
    }

    /** These attributes plus {@code mask}. */
    public DmaAttrs with(long mask) {
        return new DmaAttrs(bits | mask);
    }
}
