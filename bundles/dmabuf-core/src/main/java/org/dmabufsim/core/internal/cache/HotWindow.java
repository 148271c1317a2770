// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pages the CPU touched most recently through cacheable mappings, least recent first: an LRU of
 * {@code hotWindowPages} pages whose order depends only on the order of the touches. The prefetcher
 * reads it before every DMA burst, so the ordered array is kept until the next touch changes it.
 * Guarded by {@code lock}; the ordered array is also published through a volatile field.
 */
final class HotWindow {
    private static final long[] EMPTY = new long[0];

    private final int capacity;
    private final Object lock = new Object(); // guards pages and ordered
    private final LinkedHashMap<Long, Boolean> pages;
    // pages' keys in order, or null after a touch; written under lock, read without it by view();
    // an array is never modified once published
    private volatile long[] ordered = EMPTY;

    HotWindow(int capacity) {
        this.capacity = capacity;
        this.pages = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > HotWindow.this.capacity;
            }
        };
    }

    /** Records a touch of pfns {@code [firstPfn, lastPfn]}; only the last {@code capacity} matter. */
    void touch(long firstPfn, long lastPfn) {
        if (capacity == 0) {
            return;
        }
        long from = Math.max(firstPfn, lastPfn - capacity + 1);
        synchronized (lock) {
            for (long pfn = from; pfn <= lastPfn; pfn++) {
                pages.put(pfn, Boolean.TRUE);
            }
            ordered = null;
        }
    }

    /** The pages, least recently touched first. The array is shared: callers must not change it. */
    long[] view() {
        long[] o = ordered;
        if (o != null) {
            return o; // the DMA path: no touch since the last view, no lock
        }
        synchronized (lock) {
            if (ordered == null) {
                ordered = pages.keySet().stream().mapToLong(Long::longValue).toArray();
            }
            return ordered;
        }
    }

    /** The pages, least recently touched first: a copy of {@link #view()}. */
    long[] snapshot() {
        return view().clone();
    }
}
