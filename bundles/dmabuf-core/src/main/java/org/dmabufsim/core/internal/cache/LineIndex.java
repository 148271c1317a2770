// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A sorted index of the lines present in the cache: pfn to a 64-bit mask, one bit per line of the
 * page. Maintenance over a range visits only the pages that have present lines, so host cost is
 * O(lines present), not O(range).
 *
 * <p>A line's bit is set and cleared only under the lock of the line's set; the map itself is
 * concurrent (lines of one page live in different sets), and {@code compute} with a pure function
 * keeps each page's mask exact.
 */
final class LineIndex {
    private static final int LINES_PER_PAGE_SHIFT = 6;

    private final ConcurrentSkipListMap<Long, Long> pages = new ConcurrentSkipListMap<>();

    void add(long line) {
        long bit = 1L << (line & 63);
        pages.compute(line >>> LINES_PER_PAGE_SHIFT, (k, v) -> v == null ? bit : v | bit);
    }

    void remove(long line) {
        long bit = 1L << (line & 63);
        pages.computeIfPresent(line >>> LINES_PER_PAGE_SHIFT, (k, v) -> (v & ~bit) == 0 ? null : v & ~bit);
    }

    /** Lines of {@code [firstLine, lastLine]} present at the time of the call, ascending. */
    long[] present(long firstLine, long lastLine) {
        long[] out = new long[16];
        int n = 0;
        Map<Long, Long> sub = pages.subMap(firstLine >>> LINES_PER_PAGE_SHIFT, true,
                lastLine >>> LINES_PER_PAGE_SHIFT, true);
        for (Map.Entry<Long, Long> e : sub.entrySet()) {
            long base = e.getKey() << LINES_PER_PAGE_SHIFT;
            long mask = e.getValue();
            while (mask != 0) {
                long line = base + Long.numberOfTrailingZeros(mask);
                mask &= mask - 1;
                if (line >= firstLine && line <= lastLine) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = line;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }
}
