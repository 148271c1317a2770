// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * An allocated range of IOVA space.
 *
 * @param start first address
 * @param end one past the last address
 * @param queued whether it was unmapped and waits in the flush queue
 */
public record IovaRange(long start, long end, boolean queued) {

    /** Bytes. */
    public long size() {
        return end - start;
    }
}
