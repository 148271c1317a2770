// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code struct dma_fence}: signalled once, when the work it stands for is done.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaFence {

    /** {@code ops->get_driver_name()}. */
    String driverName();

    /** {@code ops->get_timeline_name()}. */
    String timelineName();

    /** {@code fence->context}. */
    long context();

    /** {@code fence->seqno}. */
    long seqno();

    /** {@code dma_fence_is_signaled()}. */
    boolean isSignaled();

    /**
     * {@code dma_fence_wait()}: runs the device queue up to this fence and advances the CPU's modelled
     * clock to the signal time.
     */
    void await();

    /** 0, or the negative errno the job set (a failed job sets {@code -EIO}). */
    int error();

    /** Modelled signal time, or -1 while unsignalled. */
    long timestampNs();
}
