// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.cache.CpuCacheImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.StepResult;
import org.dmabufsim.mem.MemoryMap;

/**
 * Runs the steps of a job on one device, burst by burst: each burst is at most
 * {@link DmaJob#BURST_BYTES} and never crosses a page of the DMA address space, so it is translated
 * once; around it the cache has its events ({@code beforeBurst}: speculative prefetch,
 * {@code afterBurst}: pressure eviction). The first failing burst ends the step and the job.
 *
 * <p>Data moves in page-sized {@code System.arraycopy}s; a copy goes through one reused burst
 * buffer. Not thread-safe: the owning queue runs one job at a time (its {@code runLock}).
 */
final class JobRunner {
    private static final int PAGE = MemoryMap.PAGE_SIZE;
    private static final byte[] NO_DATA = new byte[0];

    private final DeviceBus bus;
    private final CpuCacheImpl cache;
    private final Stats stats;
    private final byte[] burst = new byte[DmaJob.BURST_BYTES];

    /** What a job did: the results of the steps that ran and the bytes they moved. */
    record Outcome(List<StepResult> steps, long bytes) {
        boolean ok() {
            return steps.stream().allMatch(StepResult::ok);
        }
    }

    JobRunner(DeviceBus bus, CpuCacheImpl cache, Stats stats) {
        this.bus = bus;
        this.cache = cache;
        this.stats = stats;
    }

    Outcome run(DmaJob job) {
        List<StepResult> results = new ArrayList<>(job.steps().size());
        long bytes = 0;
        for (DmaStep step : job.steps()) {
            StepResult r = runStep(step);
            results.add(r);
            bytes += r.bytesDone();
            if (!r.ok()) {
                break;
            }
        }
        return new Outcome(results, bytes);
    }

    private StepResult runStep(DmaStep step) {
        if (step instanceof DmaStep.Read r) {
            return read(r);
        } else if (step instanceof DmaStep.Write w) {
            return write(w);
        } else if (step instanceof DmaStep.Fill f) {
            return fill(f);
        }
        return copy((DmaStep.Copy) step);
    }

    private StepResult read(DmaStep.Read step) {
        byte[] data = new byte[(int) step.length()];
        long done = 0;
        try {
            while (done < step.length()) {
                long dma = step.dmaAddress() + done;
                int n = burstLength(dma, dma, step.length() - done);
                BusAccess a = bus.access(dma, n, false);
                if (!a.ok()) {
                    return new StepResult(a.result(), done, data, a.fault());
                }
                cache.beforeBurst(a.phys(), n);
                cache.deviceRead(a.phys(), data, (int) done, n, bus.coherent());
                cache.afterBurst(a.phys(), n);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, data, null);
        } finally {
            stats.deviceBytesRead.add(done);
        }
    }

    private StepResult write(DmaStep.Write step) {
        byte[] data = step.data();
        long done = 0;
        try {
            while (done < data.length) {
                long dma = step.dmaAddress() + done;
                int n = burstLength(dma, dma, data.length - done);
                BusAccess a = bus.access(dma, n, true);
                if (!a.ok()) {
                    return new StepResult(a.result(), done, NO_DATA, a.fault());
                }
                cache.beforeBurst(a.phys(), n);
                cache.deviceWrite(a.phys(), data, (int) done, n, bus.coherent());
                cache.afterBurst(a.phys(), n);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesWritten.add(done);
        }
    }

    private StepResult fill(DmaStep.Fill step) {
        long done = 0;
        try {
            while (done < step.length()) {
                long dma = step.dmaAddress() + done;
                int n = burstLength(dma, dma, step.length() - done);
                BusAccess a = bus.access(dma, n, true);
                if (!a.ok()) {
                    return new StepResult(a.result(), done, NO_DATA, a.fault());
                }
                cache.beforeBurst(a.phys(), n);
                cache.deviceFill(a.phys(), n, step.value(), bus.coherent());
                cache.afterBurst(a.phys(), n);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesWritten.add(done);
        }
    }

    /** Read a burst into the burst buffer, then write it: both sides translated first. */
    private StepResult copy(DmaStep.Copy step) {
        long done = 0;
        try {
            while (done < step.length()) {
                long src = step.srcDmaAddress() + done;
                long dst = step.dstDmaAddress() + done;
                int n = burstLength(src, dst, step.length() - done);
                BusAccess from = bus.access(src, n, false);
                if (!from.ok()) {
                    return new StepResult(from.result(), done, NO_DATA, from.fault());
                }
                BusAccess to = bus.access(dst, n, true);
                if (!to.ok()) {
                    return new StepResult(to.result(), done, NO_DATA, to.fault());
                }
                cache.beforeBurst(from.phys(), n);
                cache.deviceRead(from.phys(), burst, 0, n, bus.coherent());
                cache.afterBurst(from.phys(), n);
                cache.beforeBurst(to.phys(), n);
                cache.deviceWrite(to.phys(), burst, 0, n, bus.coherent());
                cache.afterBurst(to.phys(), n);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesRead.add(done);
            stats.deviceBytesWritten.add(done);
        }
    }

    /** At most a burst, and to the end of the current page of both addresses. */
    private static int burstLength(long a, long b, long remaining) {
        long toPageEnd = Math.min(PAGE - (a & (PAGE - 1)), PAGE - (b & (PAGE - 1)));
        return (int) Math.min(Math.min(remaining, DmaJob.BURST_BYTES), toPageEnd);
    }
}
