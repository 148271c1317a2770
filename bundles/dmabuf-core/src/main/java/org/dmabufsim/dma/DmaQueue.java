// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A device's job queue. Jobs run in submission order, one at a time, when something waits for them
 * ({@link DmaFence#await()}, {@link #flush()}, {@link org.dmabufsim.sim.Simulation#runDevices()}),
 * so a CPU access made between submit and wait sees memory as it was before the job.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaQueue {

    /** Queues a job; returns at once. */
    DmaJobHandle submit(DmaJob job);

    /** Submits and waits. */
    default DmaJobResult run(DmaJob job) {
        return submit(job).await();
    }

    /** Jobs queued and not yet run. */
    int pending();

    /** Runs every queued job. */
    void flush();
}
