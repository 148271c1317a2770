// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

/**
 * A live heap as the registry sees it.
 *
 * @param spec what it was created from
 * @param liveBuffers buffers allocated from it and not yet released
 * @param liveBytes their total size
 * @param stats the policy's pools and deferred-free list
 */
public record HeapInfo(HeapSpec spec, long liveBuffers, long liveBytes, HeapStats stats) {

    /** Shorthand for {@code spec().name()}. */
    public String name() {
        return spec.name();
    }
}
