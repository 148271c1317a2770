// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.DmaFence;

/**
 * The fence of one device job: driver name = the device's driver, timeline = the device's name,
 * one context per queue, seqnos from 1 in submission order. Signalled once, when the queue has run
 * the job; {@link #await()} runs the queue up to it and moves the CPU clock to the signal time, as
 * a CPU sleeping in {@code dma_fence_wait} would.
 *
 * <p>The signal is two volatile fields written error first, timestamp last.
 */
public final class DmaFenceImpl implements DmaFence {
    private final String driver;
    private final String timeline;
    private final long context;
    private final long seqno;
    private final DmaQueueImpl queue;
    private final Stats stats;
    private volatile int error;
    private volatile long timestampNs = -1;

    DmaFenceImpl(String driver, String timeline, long context, long seqno, DmaQueueImpl queue, Stats stats) {
        this.driver = driver;
        this.timeline = timeline;
        this.context = context;
        this.seqno = seqno;
        this.queue = queue;
        this.stats = stats;
    }

    @Override
    public String driverName() {
        return driver;
    }

    @Override
    public String timelineName() {
        return timeline;
    }

    @Override
    public long context() {
        return context;
    }

    @Override
    public long seqno() {
        return seqno;
    }

    @Override
    public boolean isSignaled() {
        return timestampNs >= 0;
    }

    @Override
    public void await() {
        if (!isSignaled()) {
            queue.runThrough(this);
        }
        stats.advanceTo(timestampNs);
    }

    @Override
    public int error() {
        return error;
    }

    @Override
    public long timestampNs() {
        return timestampNs;
    }

    /** {@code dma_fence_set_error} + {@code dma_fence_signal_timestamp}. */
    void signal(long timeNs, int err) {
        this.error = err;
        this.timestampNs = timeNs;
    }

    @Override
    public String toString() {
        return driver + " " + timeline + " seq " + seqno + (isSignaled() ? " signalled" : " unsignalled");
    }
}
