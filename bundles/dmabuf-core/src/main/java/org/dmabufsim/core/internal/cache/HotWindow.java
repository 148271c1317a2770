// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pages the CPU touched most recently through cacheable mappings, least recent first: an LRU of
 * {@code hotWindowPages} pages whose order depends only on the order of the touches. Guarded by
 * {@code lock}.
 */
final class HotWindow {
    private final int capacity;
    private final Object lock = new Object(); // guards pages
    private final LinkedHashMap<Long, Boolean> pages;

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
        }
    }

    /** The pages, least recently touched first. */
    long[] snapshot() {
        synchronized (lock) {
            return pages.keySet().stream().mapToLong(Long::longValue).toArray();
        }
    }
}
