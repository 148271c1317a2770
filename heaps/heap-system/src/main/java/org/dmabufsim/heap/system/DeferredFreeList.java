// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;
import org.dmabufsim.mem.PageRange;

/**
 * The heap's deferred-free list ({@code heap->free_list}, ION_HEAP_FLAG_DEFER_FREE). Released
 * buffers are added at the head ({@code list_add}) and drained from the head
 * ({@code list_first_entry}), as {@code ion_heap.c} does, so the newest buffer is destroyed first.
 * Buffers are drained whole: a drain of {@code n} pages stops once at least {@code n} were drained.
 *
 * @ThreadSafe
 */
final class DeferredFreeList {
    /** A released buffer waiting to be destroyed. */
    record Buffer(List<PageRange> pages, long flags, long pageCount) {
        Buffer(List<PageRange> pages, long flags) {
            this(List.copyOf(pages), flags, pages.stream().mapToLong(PageRange::count).sum());
        }
    }

    private final Object lock = new Object(); // heap->lock: guards buffers and pages
    private final ArrayDeque<Buffer> buffers = new ArrayDeque<>();
    private long pages;

    /** {@code ion_heap_freelist_add}. */
    void add(Buffer buffer) {
        synchronized (lock) {
            buffers.addFirst(buffer);
            pages += buffer.pageCount();
        }
    }

    /** {@code ion_heap_freelist_size} in pages. */
    long pages() {
        synchronized (lock) {
            return pages;
        }
    }

    /**
     * {@code _ion_heap_freelist_drain}: takes buffers off the list until at least {@code nrPages}
     * pages were drained or the list is empty, and destroys each outside the lock. Returns the
     * pages drained.
     */
    long drain(long nrPages, Consumer<Buffer> destroy) {
        long drained = 0;
        while (drained < nrPages) {
            Buffer next;
            synchronized (lock) {
                next = buffers.pollFirst();
                if (next == null) {
                    break;
                }
                pages -= next.pageCount();
            }
            drained += next.pageCount();
            destroy.accept(next);
        }
        return drained;
    }
}
