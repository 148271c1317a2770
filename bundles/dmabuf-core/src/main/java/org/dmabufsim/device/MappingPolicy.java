// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

/**
 * How long a driver keeps an imported buffer mapped. It decides which caching model is correct
 * for a pipeline: a driver that maps per frame gets cache maintenance at every map and unmap; one
 * that maps once relies on the exporter's begin/end_cpu_access to sync it.
 */
public enum MappingPolicy {
    /** Map when a frame is queued, unmap when it is dequeued (V4L2 videobuf2 did this). */
    PER_FRAME,
    /** Map once at import, unmap at release (DRM PRIME). */
    AT_IMPORT,
    /**
     * Map per frame, relying on the dma-buf core's cached sg table (effective only when the exporter
     * sets {@code cache_sgt_mapping}; otherwise it behaves as {@link #PER_FRAME}).
     */
    CACHED_SGT
}
