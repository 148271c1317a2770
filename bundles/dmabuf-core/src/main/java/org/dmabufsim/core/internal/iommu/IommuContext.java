// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.Objects;
import java.util.function.LongSupplier;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;

/**
 * What an IOMMU domain takes from its simulation.
 *
 * @param stats counters and modelled costs
 * @param log dmesg
 * @param clock modelled time in ns (fault timestamps, the flush-queue timer, ratelimits)
 * @param random per-agent streams (IOTLB replacement draws from {@code "iotlb:<device>"})
 * @param iotlbEntries IOTLB capacity per domain
 */
public record IommuContext(Stats stats, KernelLogImpl log, LongSupplier clock, RandomStreams random,
        int iotlbEntries) {

    public IommuContext {
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        if (iotlbEntries < 1) {
            throw new IllegalArgumentException("iotlbEntries " + iotlbEntries);
        }
    }

    /** With the default IOTLB of 128 entries. */
    public static IommuContext of(Stats stats, KernelLogImpl log, LongSupplier clock, RandomStreams random) {
        return new IommuContext(stats, log, clock, random, Iotlb.DEFAULT_ENTRIES);
    }
}
