// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.mem.PageRange;

/**
 * Page arithmetic over a buffer's chunks: the pages an mmap from {@code vm_pgoff} covers
 * ({@code remap_pfn_range} page by page, as {@code system_heap_mmap} walks the table), and the page
 * frame of one buffer page ({@code buffer->pages[i]}). Stateless.
 */
final class PageSlices {

    private PageSlices() {
    }

    /**
     * Pages {@code [pgoff, pgoff + count)} of the buffer as contiguous runs, in order.
     *
     * @throws IllegalArgumentException if the range is not inside the chunks (the core checked it)
     */
    static List<PageRange> slice(List<PageRange> chunks, long pgoff, long count) {
        if (pgoff < 0 || count < 1) {
            throw new IllegalArgumentException("bad page slice " + pgoff + "+" + count);
        }
        List<PageRange> out = new ArrayList<>();
        long skip = pgoff;
        long left = count;
        for (PageRange r : chunks) {
            if (left == 0) {
                break;
            }
            if (skip >= r.count()) {
                skip -= r.count();
                continue;
            }
            long n = Math.min(r.count() - skip, left);
            out.add(new PageRange(r.pfn() + skip, n));
            left -= n;
            skip = 0;
        }
        if (left != 0) {
            throw new IllegalArgumentException("page slice " + pgoff + "+" + count + " beyond the buffer");
        }
        return out;
    }

    /** The page frame of buffer page {@code index}. */
    static long pfnAt(List<PageRange> chunks, long index) {
        long skip = index;
        for (PageRange r : chunks) {
            if (skip < r.count()) {
                return r.pfn() + skip;
            }
            skip -= r.count();
        }
        throw new IndexOutOfBoundsException("page " + index + " beyond the buffer");
    }
}
