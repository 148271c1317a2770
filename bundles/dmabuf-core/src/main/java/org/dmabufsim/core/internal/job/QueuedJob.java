// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;

/**
 * A submitted job waiting in, or run from, its queue. The result is published before the fence is
 * signalled, so whoever sees the fence signalled sees the result.
 */
final class QueuedJob {
    final DmaJob job;
    final DmaFenceImpl fence;
    final long submitNs;
    private volatile DmaJobResult result;

    QueuedJob(DmaJob job, DmaFenceImpl fence, long submitNs) {
        this.job = job;
        this.fence = fence;
        this.submitNs = submitNs;
    }

    DmaJobResult result() {
        return result;
    }

    void complete(DmaJobResult r, int error) {
        this.result = r;
        fence.signal(r.endNs(), error);
    }
}
