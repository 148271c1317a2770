// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/**
 * Physically contiguous page frames: a buddy block, a CMA allocation, a heap chunk.
 *
 * @param pfn first page frame number ({@code phys >> PAGE_SHIFT})
 * @param count number of pages, at least 1
 */
public record PageRange(long pfn, long count) {

    public PageRange {
        if (pfn < 0 || count < 1) {
            throw new IllegalArgumentException("bad page range pfn=" + pfn + " count=" + count);
        }
    }

    /** A buddy block of {@code 1 << order} pages. */
    public static PageRange ofOrder(long pfn, int order) {
        return new PageRange(pfn, 1L << order);
    }

    /** Physical address of the first byte. */
    public long phys() {
        return pfn << MemoryMap.PAGE_SHIFT;
    }

    /** Length in bytes. */
    public long bytes() {
        return count << MemoryMap.PAGE_SHIFT;
    }

    /** One past the last page frame. */
    public long endPfn() {
        return pfn + count;
    }

    /** The buddy order if {@link #count} is a power of two, otherwise -1. */
    public int order() {
        return Long.bitCount(count) == 1 ? Long.numberOfTrailingZeros(count) : -1;
    }
}
