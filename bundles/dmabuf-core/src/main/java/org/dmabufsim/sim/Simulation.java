// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

import java.util.ServiceLoader;
import java.util.random.RandomGenerator;
import org.dmabufsim.device.DeviceDrivers;
import org.dmabufsim.dma.DmaDebug;
import org.dmabufsim.dma.DmaDevices;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dmabuf.DmaBufs;
import org.dmabufsim.dmabuf.DmaHeaps;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.MemoryMap;
import org.osgi.annotation.versioning.ProviderType;

/**
 * One simulated SoC: memory map, CPU cache, devices with their DMA address spaces, the DMA mapping
 * layer with dma-debug, the dma-buf core, a modelled clock and cost counters.
 *
 * <p>Nothing is shared between simulations. Every random choice (cache eviction, prefetch, IOVA
 * cache, ...) comes from a per-agent stream derived from ({@link #seed()}, agent id), so results do
 * not depend on thread scheduling.
 *
 * @ThreadSafe
 */
@ProviderType
public interface Simulation extends AutoCloseable {

    /** A new simulation with {@link SimulationConfig#defaults()}. */
    static Simulation create() {
        return create(SimulationConfig.defaults());
    }

    /**
     * A new simulation, created by the {@link SimulationFactory} that the core provides.
     *
     * @param config must not be {@code null}
     */
    static Simulation create(SimulationConfig config) {
        SimulationFactory factory = ServiceLoader.load(SimulationFactory.class, SimulationFactory.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no SimulationFactory: is dmabuf-core on the class path?"));
        return factory.create(config);
    }

    /** The configuration this simulation was created from. */
    SimulationConfig config();

    /** Shorthand for {@code config().seed()}. */
    default long seed() {
        return config().seed();
    }

    /** Physical memory: DRAM banks, reserved regions, page allocators, raw DRAM contents. */
    MemoryMap memory();

    /** The CPU cache up to the point of coherency. */
    CpuCache cache();

    /** CPU accesses: the linear map, vmaps, user mappings, page zeroing. */
    Cpu cpu();

    /** Devices and their DMA address spaces. */
    DmaDevices devices();

    /** The DMA mapping API ({@code dma_map_sg}, {@code dma_sync_*}, ...). */
    DmaMapping dma();

    /** CONFIG_DMA_API_DEBUG: always on. */
    DmaDebug dmaDebug();

    /** The dma-buf core: export, the global buffer list, bufinfo, caching models. */
    DmaBufs dmabufs();

    /** The heaps: allocation policies contributed by heap factories. */
    DmaHeaps heaps();

    /** Device driver instances created from device models. */
    DeviceDrivers drivers();

    /** The simulation's dmesg. */
    KernelLog log();

    /** A snapshot of the cost counters. */
    Counters counters();

    /** The modelled CPU clock in nanoseconds since the simulation was created. */
    long nowNs();

    /**
     * A new random generator whose sequence depends only on {@link #seed()} and {@code agentId}.
     *
     * @param agentId a stable name of the agent, e.g. {@code "cache"} or {@code "device:camera0"}
     */
    RandomGenerator random(String agentId);

    /** Runs every queued device job to completion, in modelled-time order. */
    void runDevices();

    /**
     * Ends the simulation: runs the pending device jobs and gives back the host memory that backs
     * simulated DRAM. The simulation must not be used afterwards: device, DMA and {@link #runDevices()}
     * calls throw {@link IllegalStateException}; DRAM reads as zero.
     */
    @Override
    void close();
}
