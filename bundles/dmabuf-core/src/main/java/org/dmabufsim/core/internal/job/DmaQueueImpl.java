// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import org.dmabufsim.core.internal.cache.CpuCacheImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.sim.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's job queue. Submitting is a doorbell: {@code cpu.barrier()} (the {@code wmb} of
 * {@code writel}) makes the CPU's write-combined stores visible, then the job is queued. Jobs run
 * lazily, FIFO, one at a time, when something waits for them (a fence, {@link #flush()},
 * {@code Simulation.runDevices}, device close).
 *
 * <p>Modelled time: a job starts at {@code max(busy-until, CPU time at submit)} and lasts
 * {@code bytes x deviceNsPerByte}; the queue is then busy until it ends, when its fence is signalled.
 *
 * <p>Locking: {@code lock} guards the pending list, {@code busyUntilNs} and {@code lastSeqno};
 * {@code runLock} serialises running (the runner and its burst buffer). {@code runLock} is taken
 * first when both are needed.
 *
 * @ThreadSafe
 */
public final class DmaQueueImpl implements DmaQueue {
    private static final Logger LOG = LoggerFactory.getLogger(DmaQueueImpl.class);

    private final Object lock = new Object(); // guards pending, busyUntilNs, lastSeqno
    private final Object runLock = new Object(); // one job at a time, in submission order
    private final ArrayDeque<QueuedJob> pending = new ArrayDeque<>();
    private final DeviceSpec device;
    private final long context;
    private final JobRunner runner;
    private final Cpu cpu;
    private final Stats stats;
    private final Runnable ensureUsable;
    private long busyUntilNs;
    private long lastSeqno;

    /**
     * @param device the device whose driver and name the fences carry
     * @param context the fence context of this queue ({@code dma_fence_context_alloc})
     * @param bus the device's view of memory
     * @param ensureUsable throws if the device may not be used any more (ENODEV)
     */
    public DmaQueueImpl(DeviceSpec device, long context, DeviceBus bus, Cpu cpu, CpuCacheImpl cache, Stats stats,
            Runnable ensureUsable) {
        this.device = Objects.requireNonNull(device, "device");
        this.context = context;
        this.runner = new JobRunner(bus, cache, stats);
        this.cpu = cpu;
        this.stats = stats;
        this.ensureUsable = ensureUsable;
    }

    @Override
    public DmaJobHandle submit(DmaJob job) {
        Objects.requireNonNull(job, "job");
        ensureUsable.run();
        cpu.barrier();
        long now = stats.nowNs();
        QueuedJob queued;
        synchronized (lock) {
            DmaFenceImpl fence = new DmaFenceImpl(device.driver(), device.name(), context, ++lastSeqno, this, stats);
            queued = new QueuedJob(job, fence, now);
            pending.addLast(queued);
        }
        LOG.debug("device {}: job {} queued, seqno {}", device.name(), job.label(), queued.fence.seqno());
        return new JobHandleImpl(queued);
    }

    @Override
    public int pending() {
        synchronized (lock) {
            return pending.size();
        }
    }

    @Override
    public void flush() {
        synchronized (runLock) {
            QueuedJob next;
            while ((next = poll()) != null) {
                execute(next);
            }
        }
    }

    /** The fence context of this queue. */
    public long context() {
        return context;
    }

    /** Runs queued jobs, in order, until {@code fence} is signalled (or nothing is left). */
    void runThrough(DmaFenceImpl fence) {
        synchronized (runLock) {
            while (!fence.isSignaled()) {
                QueuedJob next = poll();
                if (next == null) {
                    return;
                }
                execute(next);
            }
        }
    }

    /** Modelled start time of the next queued job, or {@link Long#MAX_VALUE} if none. */
    long nextStartNs() {
        synchronized (lock) {
            QueuedJob head = pending.peekFirst();
            return head == null ? Long.MAX_VALUE : Math.max(busyUntilNs, head.submitNs);
        }
    }

    /** Runs the next queued job, if any. */
    void runNext() {
        synchronized (runLock) {
            QueuedJob next = poll();
            if (next != null) {
                execute(next);
            }
        }
    }

    /** Runs every queued job of all {@code queues} in modelled-time order (ties: list order). */
    public static void runAll(List<DmaQueueImpl> queues) {
        while (true) {
            DmaQueueImpl best = null;
            long bestStart = Long.MAX_VALUE;
            for (DmaQueueImpl q : queues) {
                long start = q.nextStartNs();
                if (start < bestStart) {
                    best = q;
                    bestStart = start;
                }
            }
            if (best == null) {
                return;
            }
            best.runNext();
        }
    }

    private QueuedJob poll() {
        synchronized (lock) {
            return pending.pollFirst();
        }
    }

    /** runLock held. */
    private void execute(QueuedJob q) {
        long start;
        synchronized (lock) {
            start = Math.max(busyUntilNs, q.submitNs);
        }
        JobRunner.Outcome outcome = null;
        try {
            outcome = runner.run(q.job);
        } finally {
            long bytes = outcome == null ? 0 : outcome.bytes();
            double ns = bytes * stats.costs().deviceNsPerByte();
            stats.chargeDevice(ns);
            long end = start + (long) Math.ceil(ns);
            synchronized (lock) {
                busyUntilNs = end;
            }
            boolean ok = outcome != null && outcome.ok();
            q.complete(new DmaJobResult(q.job.label(), outcome == null ? List.of() : outcome.steps(), start, end),
                    ok ? 0 : Errno.EIO.negative());
            LOG.debug("device {}: job {} ran {} bytes, {} to {} ns, {}", device.name(), q.job.label(), bytes, start,
                    end, ok ? "ok" : "failed");
        }
    }
}
