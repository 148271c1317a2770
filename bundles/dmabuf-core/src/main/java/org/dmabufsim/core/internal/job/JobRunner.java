// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.cache.CpuCacheImpl;
import org.dmabufsim.core.internal.cache.EventTally;
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
 * buffer, or DRAM to DRAM when that cannot differ (a non-coherent device, no dirty line in the
 * cache), where the cache may let the moves of consecutive bursts wait and run back to back (its
 * {@code DeferredMoves}; each step's {@code cache.count} finishes them). Not thread-safe: the owning
 * queue runs one job at a time (its {@code runLock}).
 */
final class JobRunner {
    private static final int PAGE = MemoryMap.PAGE_SIZE;
    private static final byte[] NO_DATA = new byte[0];

    private final DeviceBus bus;
    private final CpuCacheImpl cache;
    private final Stats stats;
    private final byte[] burst = new byte[DmaJob.BURST_BYTES];
    private BusAccess failed; // the last failed translation, read right after route() answers -1
    private final BurstIo io = new BurstIo();
    private final BurstIo writeIo = new BurstIo(); // the write side of a copy burst
    private final EventTally tally;

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
        this.tally = cache.newTally();
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
                long phys = route(dma, n, false);
                if (phys < 0) {
                    return new StepResult(failed.result(), done, data, failed.fault());
                }
                cache.aroundBurst(phys, n, bus.coherent(), io.read(phys, data, (int) done, n), tally);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, data, null);
        } finally {
            stats.deviceBytesRead.add(done);
            cache.count(tally);
        }
    }

    private StepResult write(DmaStep.Write step) {
        byte[] data = step.data();
        long done = 0;
        try {
            while (done < data.length) {
                long dma = step.dmaAddress() + done;
                int n = burstLength(dma, dma, data.length - done);
                long phys = route(dma, n, true);
                if (phys < 0) {
                    return new StepResult(failed.result(), done, NO_DATA, failed.fault());
                }
                cache.aroundBurst(phys, n, bus.coherent(), io.write(phys, data, (int) done, n), tally);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesWritten.add(done);
            cache.count(tally);
        }
    }

    private StepResult fill(DmaStep.Fill step) {
        long done = 0;
        try {
            while (done < step.length()) {
                long dma = step.dmaAddress() + done;
                int n = burstLength(dma, dma, step.length() - done);
                long phys = route(dma, n, true);
                if (phys < 0) {
                    return new StepResult(failed.result(), done, NO_DATA, failed.fault());
                }
                cache.aroundBurst(phys, n, bus.coherent(), io.fill(phys, n, step.value()), tally);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesWritten.add(done);
            cache.count(tally);
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
                long from = route(src, n, false);
                long to = from < 0 ? -1 : route(dst, n, true);
                if (to < 0) {
                    return new StepResult(failed.result(), done, NO_DATA, failed.fault());
                }
                copyBurst(from, to, n);
                done += n;
            }
            return new StepResult(MemTxResult.OK, done, NO_DATA, null);
        } finally {
            stats.deviceBytesRead.add(done);
            stats.deviceBytesWritten.add(done);
            cache.count(tally);
        }
    }

    /** One burst of a copy, read side then write side, each between its cache events. */
    private void copyBurst(long from, long to, int n) {
        boolean coherent = bus.coherent();
        // Without dirty lines the cache events cannot write DRAM, so a non-coherent device's read may
        // be done at the write, DRAM to DRAM; otherwise it goes through the burst buffer.
        if (coherent) {
            cache.aroundBurst(from, n, true, io.read(from, burst, 0, n), tally);
            cache.aroundBurst(to, n, true, writeIo.write(to, burst, 0, n), tally);
        } else if ((from + n <= to || to + n <= from) && cache.dirtyLines() == 0) {
            cache.aroundTransfer(from, to, n, tally); // the move may wait for the next bursts' (see DeferredMoves)
        } else {
            cache.aroundCopy(from, to, n, io.read(from, burst, 0, n), writeIo.write(to, burst, 0, n), tally);
        }
    }

    /**
     * Translates a burst: its physical address, or -1 with the failed access in {@link #failed}.
     * The allocation-free {@link DeviceBus#phys} first; {@link DeviceBus#access} when it cannot tell.
     */
    private long route(long dma, int n, boolean write) {
        long phys = bus.phys(dma, n, write);
        if (phys >= 0) {
            return phys;
        }
        BusAccess a = bus.access(dma, n, write);
        if (a.ok()) {
            return a.phys();
        }
        failed = a;
        return -1;
    }

    /** At most a burst, and to the end of the current page of both addresses. */
    private static int burstLength(long a, long b, long remaining) {
        long toPageEnd = Math.min(PAGE - (a & (PAGE - 1)), PAGE - (b & (PAGE - 1)));
        return (int) Math.min(Math.min(remaining, DmaJob.BURST_BYTES), toPageEnd);
    }

    /** The data move of the current burst, set just before each {@code aroundBurst}: one object, reused. */
    private final class BurstIo implements Runnable {
        private static final int READ = 1;
        private static final int WRITE = 2;
        private static final int FILL = 3;

        private int kind;
        private long phys;
        private byte[] data;
        private int off;
        private int n;
        private byte value;

        Runnable read(long from, byte[] dst, int dstOff, int len) {
            return set(READ, from, dst, dstOff, len);
        }

        Runnable write(long at, byte[] src, int srcOff, int len) {
            return set(WRITE, at, src, srcOff, len);
        }

        Runnable fill(long at, int len, byte b) {
            value = b;
            return set(FILL, at, null, 0, len);
        }

        private Runnable set(int k, long p, byte[] d, int o, int len) {
            kind = k;
            phys = p;
            data = d;
            off = o;
            n = len;
            return this;
        }

        @Override
        public void run() {
            boolean coherent = bus.coherent();
            switch (kind) {
                case READ -> cache.deviceRead(phys, data, off, n, coherent);
                case WRITE -> cache.deviceWrite(phys, data, off, n, coherent);
                default -> cache.deviceFill(phys, n, value, coherent); // FILL
            }
        }
    }
}
