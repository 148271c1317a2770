// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

/**
 * {@code enum dma_resv_usage}, ordered: asking for fences of one usage returns those of that usage
 * and of every usage before it.
 */
public enum ResvUsage {
    KERNEL, WRITE, READ, BOOKKEEP;

    /** {@code dma_resv_usage_rw(write)}: a writer waits for READ (so everything), a reader for WRITE. */
    public static ResvUsage forAccess(boolean write) {
        return write ? READ : WRITE;
    }
}
