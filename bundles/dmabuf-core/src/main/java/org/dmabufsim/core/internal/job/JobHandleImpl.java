// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import java.util.Optional;
import org.dmabufsim.dma.DmaFence;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaJobResult;

/** The handle of a submitted job: its fence and, once run, its result. Immutable. */
final class JobHandleImpl implements DmaJobHandle {
    private final QueuedJob job;

    JobHandleImpl(QueuedJob job) {
        this.job = job;
    }

    @Override
    public DmaFence fence() {
        return job.fence;
    }

    @Override
    public DmaJobResult await() {
        job.fence.await();
        return job.result();
    }

    @Override
    public Optional<DmaJobResult> result() {
        return Optional.ofNullable(job.result());
    }

    @Override
    public String toString() {
        return "job " + job.job.label() + " (" + job.fence + ")";
    }
}
