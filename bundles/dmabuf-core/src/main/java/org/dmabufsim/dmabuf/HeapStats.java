// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

/**
 * Page accounting of a heap's policy.
 *
 * @param pooledPages pages held in page pools, ready to hand out
 * @param deferredPages pages of released buffers waiting on the deferred-free list
 */
public record HeapStats(long pooledPages, long deferredPages) {

    /** A heap that keeps nothing. */
    public static final HeapStats EMPTY = new HeapStats(0, 0);
}
