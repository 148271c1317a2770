// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.List;
import org.dmabufsim.core.internal.dmabuf.PageFreer;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.dmabuf.spi.PageSink;
import org.dmabufsim.mem.PageRange;

/**
 * Where the pages of one heap buffer go at release: to the heap's policy while the heap is in
 * service, straight to the memory map once it was removed. Core-owned, so a buffer that outlives
 * its heap's bundle needs nothing of that bundle to finish its life cycle.
 *
 * @ThreadSafe (immutable; the heap guards its own state)
 */
final class HeapPageSink implements PageSink {
    private final HeapInstance heap;
    private final long bytes;
    private final long flags;
    private final PageFreer memoryMap;

    HeapPageSink(HeapInstance heap, long bytes, long flags, PageFreer memoryMap) {
        this.heap = heap;
        this.bytes = bytes;
        this.flags = flags;
        this.memoryMap = memoryMap;
    }

    @Override
    public void free(List<PageRange> pages) {
        heap.bufferReleased(bytes);
        HeapPolicy policy = heap.enter();
        if (policy == null) {
            memoryMap.free(pages);
            return;
        }
        try {
            policy.free(pages, flags);
        } finally {
            heap.exit();
        }
    }
}
