// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A sorted index of the lines present in the cache: one 64-bit mask per page (a bit per line), in
 * chunks of 512 pages (2 MiB) created when the cache first holds a line of them. A range query reads
 * one mask per page of the chunks that exist in the range, so host cost is O(pages of touched
 * memory in the range), never O(lines); a point update is a chunk lookup and a store.
 *
 * <p>A page's mask is written only under {@link CacheStore#lock} of its lines (one lock covers all
 * lines of a page), with release stores; queries read masks with acquire loads and no lock, so they
 * see each page as it was at some moment of the call. {@code lock} guards the creation of chunks:
 * {@code chunks} is replaced (copy-on-write, sorted by number) only under it and read without it.
 */
final class LineIndex {
    private static final int LINES_PER_PAGE_SHIFT = 6;
    private static final int PAGES_PER_CHUNK_SHIFT = 9;
    private static final int PAGES_PER_CHUNK = 1 << PAGES_PER_CHUNK_SHIFT;
    private static final VarHandle MASKS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int HINTS = 16;

    /** The masks of pages {@code [number << 9, (number + 1) << 9)}. */
    private static final class Chunk {
        final long number;
        final long[] masks = new long[PAGES_PER_CHUNK]; // accessed through MASKS only

        Chunk(long number) {
            this.number = number;
        }
    }

    private final Object lock = new Object(); // guards the creation of chunks (writes of `chunks`)
    private volatile Chunk[] chunks = new Chunk[0];
    // Hints for point lookups, direct-mapped by chunk number: racy on purpose (plain array slots, no
    // fence on the hot path); a chunk's fields are final, so a stale or foreign slot is only a miss.
    private final Chunk[] recent = new Chunk[HINTS];

    /** Sets {@code line}'s bit; the caller holds {@link CacheStore#lock} of the line. */
    void add(long line) {
        long page = line >>> LINES_PER_PAGE_SHIFT;
        Chunk c = chunk(page >>> PAGES_PER_CHUNK_SHIFT);
        if (c == null) {
            c = create(page >>> PAGES_PER_CHUNK_SHIFT);
        }
        int i = (int) (page & (PAGES_PER_CHUNK - 1));
        MASKS.setRelease(c.masks, i, (long) MASKS.get(c.masks, i) | 1L << (line & 63));
    }

    /** Clears {@code line}'s bit; the caller holds {@link CacheStore#lock} of the line. */
    void remove(long line) {
        long page = line >>> LINES_PER_PAGE_SHIFT;
        Chunk c = chunk(page >>> PAGES_PER_CHUNK_SHIFT);
        if (c != null) {
            int i = (int) (page & (PAGES_PER_CHUNK - 1));
            MASKS.setRelease(c.masks, i, (long) MASKS.get(c.masks, i) & ~(1L << (line & 63)));
        }
    }

    /** The present lines of page {@code page} as a mask, bit {@code i} for line {@code (page << 6) + i}. */
    long mask(long page) {
        Chunk c = chunk(page >>> PAGES_PER_CHUNK_SHIFT);
        return c == null ? 0 : (long) MASKS.getAcquire(c.masks, (int) (page & (PAGES_PER_CHUNK - 1)));
    }

    /** Lines of {@code [firstLine, lastLine]} present at the time of the call, ascending. */
    long[] present(long firstLine, long lastLine) {
        if (firstLine > lastLine) {
            return new long[0];
        }
        long firstPage = firstLine >>> LINES_PER_PAGE_SHIFT;
        long lastPage = lastLine >>> LINES_PER_PAGE_SHIFT;
        if (firstPage == lastPage) {
            return inPage(firstPage, firstLine, lastLine);
        }
        long[] out = new long[16];
        int n = 0;
        Chunk[] all = chunks;
        for (int i = lowerBound(all, firstPage >>> PAGES_PER_CHUNK_SHIFT); i < all.length
                && all[i].number <= lastPage >>> PAGES_PER_CHUNK_SHIFT; i++) {
            Chunk c = all[i];
            long base = c.number << PAGES_PER_CHUNK_SHIFT;
            int to = (int) Math.min(lastPage - base, PAGES_PER_CHUNK - 1);
            for (int p = (int) Math.max(firstPage - base, 0); p <= to; p++) {
                long mask = clip((long) MASKS.getAcquire(c.masks, p), base + p, firstLine, lastLine);
                while (mask != 0) {
                    if (n == out.length) {
                        out = Arrays.copyOf(out, n * 2);
                    }
                    out[n++] = ((base + p) << LINES_PER_PAGE_SHIFT) + Long.numberOfTrailingZeros(mask);
                    mask &= mask - 1;
                }
            }
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    /** The lines of one page's mask within {@code [firstLine, lastLine]}, ascending. */
    private long[] inPage(long page, long firstLine, long lastLine) {
        long mask = clip(mask(page), page, firstLine, lastLine);
        long[] out = new long[Long.bitCount(mask)];
        for (int n = 0; mask != 0; n++) {
            out[n] = (page << LINES_PER_PAGE_SHIFT) + Long.numberOfTrailingZeros(mask);
            mask &= mask - 1;
        }
        return out;
    }

    /** {@code mask} of {@code page} without the bits of lines outside {@code [firstLine, lastLine]}. */
    private static long clip(long mask, long page, long firstLine, long lastLine) {
        long pageFirst = page << LINES_PER_PAGE_SHIFT;
        if (firstLine > pageFirst) {
            mask &= -1L << (firstLine - pageFirst);
        }
        if (lastLine < pageFirst + 63) {
            mask &= -1L >>> (63 - (lastLine - pageFirst));
        }
        return mask;
    }

    private Chunk chunk(long number) {
        int slot = (int) number & (HINTS - 1);
        Chunk c = recent[slot];
        if (c != null && c.number == number) {
            return c;
        }
        Chunk[] all = chunks;
        int i = lowerBound(all, number);
        if (i < all.length && all[i].number == number) {
            recent[slot] = all[i];
            return all[i];
        }
        return null;
    }

    private Chunk create(long number) {
        synchronized (lock) {
            Chunk[] all = chunks;
            int i = lowerBound(all, number);
            if (i < all.length && all[i].number == number) {
                return all[i];
            }
            Chunk c = new Chunk(number);
            Chunk[] grown = new Chunk[all.length + 1];
            System.arraycopy(all, 0, grown, 0, i);
            grown[i] = c;
            System.arraycopy(all, i, grown, i + 1, all.length - i);
            chunks = grown;
            return c;
        }
    }

    /** The first index whose chunk number is {@code >= number}. */
    private static int lowerBound(Chunk[] all, long number) {
        int lo = 0;
        int hi = all.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (all[mid].number < number) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
