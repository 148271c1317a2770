// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Objects;
import java.util.function.ToIntFunction;
import org.dmabufsim.core.internal.cache.CpuCacheImpl;
import org.dmabufsim.core.internal.cache.CpuImpl;
import org.dmabufsim.core.internal.debug.DmaDebugImpl;
import org.dmabufsim.core.internal.iommu.IommuContext;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.core.internal.swiotlb.SwiotlbPool;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.sim.Arm64Era;

/**
 * What the DMA layer takes from its simulation: the layers below it, dma-debug, and the dma-buf
 * core's force-detach for device unbind.
 *
 * @param era the arm64 behaviour (rules 86, 95)
 * @param stats counters, costs and the modelled clock
 * @param log dmesg
 * @param memory the memory map
 * @param cache the CPU cache with its device port
 * @param cpu the CPU (barriers, mappings)
 * @param debug dma-debug
 * @param swiotlb the bounce pool, or {@code null} when the layout has no swiotlb region
 * @param random the per-agent random streams
 * @param forceDetach {@code DmaBufsImpl.forceDetach}: tears down a departing device's attachments
 * @param ensureOpen throws {@link IllegalStateException} once the simulation is closed
 */
public record DmaContext(Arm64Era era, Stats stats, KernelLogImpl log, MemoryMapImpl memory, CpuCacheImpl cache,
        CpuImpl cpu, DmaDebugImpl debug, SwiotlbPool swiotlb, RandomStreams random,
        ToIntFunction<DmaDevice> forceDetach, Runnable ensureOpen) {

    public DmaContext {
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(stats, "stats");
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(cpu, "cpu");
        Objects.requireNonNull(debug, "debug");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(forceDetach, "forceDetach");
        Objects.requireNonNull(ensureOpen, "ensureOpen");
    }

    /** What an IOMMU domain of this simulation takes. */
    IommuContext iommuContext() {
        return IommuContext.of(stats, log, stats::nowNs, random);
    }
}
