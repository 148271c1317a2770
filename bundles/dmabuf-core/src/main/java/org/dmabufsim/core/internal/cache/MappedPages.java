// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.List;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;

/** The page frames behind a mapping, in order: mapping offset to physical address. Immutable. */
final class MappedPages {
    private final PageRange[] ranges;
    private final long[] starts; // mapping offset of each range's first byte
    private final long size;

    MappedPages(List<PageRange> pages) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("no pages to map");
        }
        this.ranges = pages.toArray(new PageRange[0]);
        this.starts = new long[ranges.length];
        long offset = 0;
        for (int i = 0; i < ranges.length; i++) {
            starts[i] = offset;
            offset += ranges[i].bytes();
        }
        this.size = offset;
    }

    long size() {
        return size;
    }

    long pageCount() {
        return size >>> MemoryMap.PAGE_SHIFT;
    }

    List<PageRange> ranges() {
        return List.of(ranges);
    }

    /** The physical address behind {@code offset} (0 <= offset < size). */
    long physAt(long offset) {
        int i = rangeIndex(offset);
        return ranges[i].phys() + (offset - starts[i]);
    }

    /** Bytes from {@code offset} that are physically contiguous (to the end of its page range). */
    long contiguous(long offset) {
        int i = rangeIndex(offset);
        return starts[i] + ranges[i].bytes() - offset;
    }

    private int rangeIndex(long offset) {
        int i = Arrays.binarySearch(starts, offset);
        return i >= 0 ? i : -i - 2;
    }
}
