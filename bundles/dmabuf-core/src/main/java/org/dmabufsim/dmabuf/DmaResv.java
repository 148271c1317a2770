// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.List;
import org.dmabufsim.dma.DmaFence;
import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code struct dma_resv}: the fences of one buffer, each with a usage.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaResv {

    /** {@code dma_resv_add_fence}. Signalled fences are pruned lazily. */
    void addFence(DmaFence fence, ResvUsage usage);

    /** Unsignalled fences of {@code usage} and every usage before it. */
    List<DmaFence> fences(ResvUsage usage);

    /** {@code dma_resv_test_signaled}. */
    boolean testSignaled(ResvUsage usage);

    /** {@code dma_resv_wait_timeout} without timeout: waits (runs device queues) for those fences. */
    void await(ResvUsage usage);
}
