// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.List;
import org.dmabufsim.dmabuf.spi.PageSink;

/**
 * A page-backed buffer to export: what a heap allocated, with the caching model that decides how
 * it is mapped and synced. The core owns the buffer and its release.
 *
 * @param expName exporter name, e.g. {@code "system"} or {@code "ion"}
 * @param pages physically contiguous chunks, in buffer order
 * @param size buffer length (the page-aligned length asked for), at most the pages' total
 * @param cachingModel name of a registered caching model, e.g. {@code "dma-heap"}
 * @param flags heap flags such as {@link #FLAG_CACHED}
 * @param kernelMappable whether the heap can map the buffer into the kernel ({@code heap->ops->map_kernel})
 * @param fileFlags {@code O_*} flags of the dma-buf file
 * @param owner who holds the reference export returns
 * @param sink where the pages go at release, or {@code null} to give them back to the memory map
 */
public record PageExportInfo(String expName, List<org.dmabufsim.mem.PageRange> pages, long size, String cachingModel,
        long flags, boolean kernelMappable, int fileFlags, Owner owner, PageSink sink) {

    /** {@code ION_FLAG_CACHED}: CPU mappings are cacheable. */
    public static final long FLAG_CACHED = 1;
    /** {@code ION_FLAG_CACHED_NEEDS_SYNC}: cached, but user mappings are not fault-tracked. */
    public static final long FLAG_CACHED_NEEDS_SYNC = 2;

    public PageExportInfo {
        pages = List.copyOf(pages);
    }
}
