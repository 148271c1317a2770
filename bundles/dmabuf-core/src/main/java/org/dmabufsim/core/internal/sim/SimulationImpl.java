// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.dmabuf.MemoryMapPageFreer;
import org.dmabufsim.core.internal.heap.DmaHeapsImpl;
import org.dmabufsim.core.internal.cache.CpuCacheImpl;
import org.dmabufsim.core.internal.cache.CpuImpl;
import org.dmabufsim.core.internal.debug.DmaDebugImpl;
import org.dmabufsim.core.internal.device.DeviceDriversImpl;
import org.dmabufsim.core.internal.dma.DmaContext;
import org.dmabufsim.core.internal.dma.DmaDevicesImpl;
import org.dmabufsim.core.internal.dma.DmaMappingImpl;
import org.dmabufsim.core.internal.dmabuf.DmaBufsImpl;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.core.internal.model.BuiltinModels;
import org.dmabufsim.core.internal.swiotlb.SwiotlbPool;
import org.dmabufsim.dma.DmaDebug;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * Composes the layers of one simulation, bottom to top. Nothing here is static: simulations share
 * no state.
 */
public final class SimulationImpl implements Simulation {
    private static final AtomicLong IDS = new AtomicLong();

    private final SimulationConfig config;
    private final String id;
    private final RandomStreams random;
    private final Stats stats;
    private final KernelLogImpl log;
    private final DmaDebugImpl dmaDebug;
    private final DmaBufsImpl dmabufs;
    private final DmaHeapsImpl heaps;
    private final DeviceDriversImpl drivers;
    private final MemoryMapImpl memory;
    private final CpuCacheImpl cache;
    private final CpuImpl cpu;
    private final SwiotlbPool swiotlb; // null without a swiotlb region
    private final DmaDevicesImpl devices;
    private final DmaMappingImpl dma;
    private final AtomicBoolean closed = new AtomicBoolean();

    public SimulationImpl(SimulationConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.id = "sim" + IDS.incrementAndGet();
        this.random = new RandomStreams(config.seed());
        this.stats = new Stats(config.costs());
        this.log = new KernelLogImpl(id, stats::nowNs);
        // Bottom to top; the memory map validates the layout (ErrnoException EINVAL).
        this.memory = new MemoryMapImpl(config.memory(), log);
        this.cache = new CpuCacheImpl(config.cache(), memory, stats, random);
        this.cpu = new CpuImpl(memory, cache, stats);
        this.dmaDebug = new DmaDebugImpl(log, stats::nowNs);
        this.dmabufs = new DmaBufsImpl(this, log);
        BuiltinModels.registerAll(dmabufs, log);
        this.heaps = new DmaHeapsImpl(this, log, new MemoryMapPageFreer(this::memory));
        this.swiotlb = createSwiotlb();
        DmaContext dmaContext = new DmaContext(config.era(), stats, log, memory, cache, cpu, dmaDebug, swiotlb, random,
                dmabufs::forceDetach, this::ensureOpen);
        this.devices = new DmaDevicesImpl(dmaContext);
        this.dma = new DmaMappingImpl(dmaContext);
        this.drivers = new DeviceDriversImpl(this);
    }

    /** The swiotlb pool over the layout's SWIOTLB region, its usage shown in the region's stats. */
    private SwiotlbPool createSwiotlb() {
        ReservedRegion region = config.memory().reserved().stream().filter(r -> r.kind() == RegionKind.SWIOTLB)
                .findFirst().orElse(null);
        if (region == null) {
            return null;
        }
        SwiotlbPool pool = new SwiotlbPool(region, log, stats::nowNs);
        long slotsPerPage = MemoryMap.PAGE_SIZE / SwiotlbPool.IO_TLB_SIZE;
        memory.setSwiotlbUsage(() -> (pool.usedSlots() + slotsPerPage - 1) / slotsPerPage);
        return pool;
    }

    /** A short name for logs. */
    public String id() {
        return id;
    }

    public Stats stats() {
        return stats;
    }

    public KernelLogImpl kernelLog() {
        return log;
    }

    /** dma-debug with its hooks, for the DMA mapping layer and the device core. */
    public DmaDebugImpl debug() {
        return dmaDebug;
    }

    public RandomStreams randomStreams() {
        return random;
    }

    @Override
    public SimulationConfig config() {
        return config;
    }

    /** The memory map with its internal helpers ({@code dram()}, {@code copyDram}, {@code zeroDram}, ...). */
    public MemoryMapImpl memoryMap() {
        return memory;
    }

    /** The cache with its device port and burst events. */
    public CpuCacheImpl cpuCache() {
        return cache;
    }

    /** The CPU implementation. */
    public CpuImpl cpuImpl() {
        return cpu;
    }

    @Override
    public MemoryMap memory() {
        return memory;
    }

    @Override
    public CpuCache cache() {
        return cache;
    }

    @Override
    public Cpu cpu() {
        return cpu;
    }

    /** The swiotlb pool, if the layout has a swiotlb region. */
    public Optional<SwiotlbPool> swiotlb() {
        return Optional.ofNullable(swiotlb);
    }

    @Override
    public DmaDevicesImpl devices() {
        return devices;
    }

    @Override
    public DmaMappingImpl dma() {
        return dma;
    }

    @Override
    public DmaDebug dmaDebug() {
        return dmaDebug;
    }

    @Override
    public DmaBufsImpl dmabufs() {
        return dmabufs;
    }

    @Override
    public DmaHeapsImpl heaps() {
        return heaps;
    }

    @Override
    public DeviceDriversImpl drivers() {
        return drivers;
    }

    @Override
    public KernelLog log() {
        return log;
    }

    @Override
    public Counters counters() {
        return stats.snapshot();
    }

    @Override
    public long nowNs() {
        return stats.nowNs();
    }

    @Override
    public RandomGenerator random(String agentId) {
        return random.stream(agentId);
    }

    @Override
    public void runDevices() {
        ensureOpen();
        devices.runAll();
    }

    /** Runs the pending device jobs, then refuses every later call. */
    @Override
    public void close() {
        if (!closed.get()) {
            devices.runAll();
        }
        if (closed.compareAndSet(false, true)) {
            config.memory().banks().forEach(bank -> memory.dram().zero(bank.base(), bank.size()));
        }
    }

    /** Throws if the simulation was closed. */
    public void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(id + " is closed");
        }
    }
}
