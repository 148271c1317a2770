// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.CostTable;

/**
 * The cost counters of one simulation. Components add to them directly; adders keep the hot paths
 * free of a shared lock. Modelled CPU and device time are charged from the {@link CostTable}.
 */
public final class Stats {
    public final LongAdder linesWalked = new LongAdder();
    public final LongAdder linesWrittenBack = new LongAdder();
    public final LongAdder linesInvalidated = new LongAdder();
    public final LongAdder linesPrefetched = new LongAdder();
    public final LongAdder linesEvicted = new LongAdder();
    public final LongAdder evictionWritebacks = new LongAdder();
    public final LongAdder bytesBounced = new LongAdder();
    public final LongAdder iommuPagesMapped = new LongAdder();
    public final LongAdder iommuPagesUnmapped = new LongAdder();
    public final LongAdder iotlbInvalidations = new LongAdder();
    public final LongAdder iotlbMisses = new LongAdder();
    public final LongAdder iommuFaults = new LongAdder();
    public final LongAdder uncachedCpuBytes = new LongAdder();
    public final LongAdder cpuBytesZeroed = new LongAdder();
    public final LongAdder dmaMapCalls = new LongAdder();
    public final LongAdder dmaUnmapCalls = new LongAdder();
    public final LongAdder dmaSyncCalls = new LongAdder();
    public final LongAdder deviceBytesRead = new LongAdder();
    public final LongAdder deviceBytesWritten = new LongAdder();
    private final DoubleAdder cpuNs = new DoubleAdder();
    private final DoubleAdder deviceNs = new DoubleAdder();
    private final DoubleAdder idleNs = new DoubleAdder();
    private final Object clockLock = new Object(); // serialises advanceTo
    private final CostTable costs;

    public Stats(CostTable costs) {
        this.costs = costs;
    }

    public CostTable costs() {
        return costs;
    }

    /** Charges modelled CPU time. */
    public void chargeCpu(double ns) {
        cpuNs.add(ns);
    }

    /** Charges modelled device time. */
    public void chargeDevice(double ns) {
        deviceNs.add(ns);
    }

    public double cpuNs() {
        return cpuNs.sum();
    }

    /**
     * The CPU's modelled clock: time charged to the CPU plus time it spent waiting for devices.
     */
    public long nowNs() {
        return (long) (cpuNs.sum() + idleNs.sum());
    }

    /** Waiting for something that happens at {@code timeNs}: the clock moves there if it is behind. */
    public void advanceTo(long timeNs) {
        synchronized (clockLock) {
            long now = nowNs();
            if (timeNs > now) {
                idleNs.add(timeNs - now);
            }
        }
    }

    public Counters snapshot() {
        return new Counters(linesWalked.sum(), linesWrittenBack.sum(), linesInvalidated.sum(), linesPrefetched.sum(),
                linesEvicted.sum(), evictionWritebacks.sum(), bytesBounced.sum(), iommuPagesMapped.sum(),
                iommuPagesUnmapped.sum(), iotlbInvalidations.sum(), iotlbMisses.sum(), iommuFaults.sum(),
                uncachedCpuBytes.sum(), cpuBytesZeroed.sum(), dmaMapCalls.sum(), dmaUnmapCalls.sum(),
                dmaSyncCalls.sum(), deviceBytesRead.sum(), deviceBytesWritten.sum(), (long) cpuNs.sum(),
                (long) deviceNs.sum());
    }
}
