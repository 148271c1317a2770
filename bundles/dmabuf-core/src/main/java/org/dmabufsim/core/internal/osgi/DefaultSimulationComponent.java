// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.device.DeviceDrivers;
import org.dmabufsim.dma.DmaDebug;
import org.dmabufsim.dma.DmaDevices;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dmabuf.DmaBufs;
import org.dmabufsim.dmabuf.DmaHeaps;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The framework's one live default {@link Simulation}, registered with the service property
 * {@value #NAME_PROPERTY}={@value #DEFAULT_NAME}: the simulation the heap and device instances of
 * ConfigAdmin ({@link HeapInstanceComponent}, {@link DeviceInstanceComponent}), the shell and the
 * uapi work on. Configured by {@value #PID} (optional; defaults are {@link SimulationConfig#defaults()}).
 *
 * <p>A configuration change recreates it: DS deactivates the instances that hold it (static
 * references), this component closes the old simulation, and a new one is registered. The service
 * object only delegates; {@link #close()} is refused because the framework owns the simulation.
 */
@Component(service = Simulation.class, immediate = true, configurationPid = DefaultSimulationComponent.PID,
        property = DefaultSimulationComponent.NAME_PROPERTY + "=" + DefaultSimulationComponent.DEFAULT_NAME)
@Designate(ocd = DefaultSimulationComponent.Config.class)
public final class DefaultSimulationComponent implements Simulation {
    /** The configuration PID. */
    public static final String PID = "org.dmabufsim.simulation";
    /** Service property naming a registered simulation. */
    public static final String NAME_PROPERTY = "dmabuf.simulation";
    /** The name of the default simulation. */
    public static final String DEFAULT_NAME = "default";
    /** The filter that selects the default simulation. */
    public static final String TARGET = "(" + NAME_PROPERTY + "=" + DEFAULT_NAME + ")";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSimulationComponent.class);

    /** The configuration {@value #PID}. */
    @ObjectClassDefinition(name = "dmabuf-sim default simulation",
            description = "The simulated SoC of the framework's default simulation. A change recreates it.")
    public @interface Config {
        @AttributeDefinition(name = "Seed", description = "Every per-agent random stream derives from it")
        long seed() default SimulationSettings.DEFAULT_SEED;

        @AttributeDefinition(name = "DRAM bytes", description = "Total DRAM: 2 GiB at 0x80000000, the rest above"
                + " 4 GiB, with the 256 MiB CMA area linux,cma and the 64 MiB swiotlb pool; at least 1 GiB")
        long dram_bytes() default SimulationSettings.DEFAULT_DRAM_BYTES;

        @AttributeDefinition(name = "arm64 era", description = "Which arm64 kernel the DMA layer behaves like",
                options = {@Option(label = "v4.x up to v5.18", value = "UP_TO_5_18"),
                    @Option(label = "v5.19 and later", value = "FROM_5_19")})
        String era() default SimulationSettings.DEFAULT_ERA;

        @AttributeDefinition(name = "Cache capacity", description = "Bytes of CPU cache, a power of two")
        long cache_capacity() default SimulationSettings.DEFAULT_CACHE_CAPACITY;

        @AttributeDefinition(name = "Adversarial", description = "Prefetch and evict at the worst moment, so"
                + " correct means correct under every schedule")
        boolean adversarial() default false;
    }

    private final SimulationImpl sim;

    /**
     * Creates the default simulation.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL for a bad configuration (DS then logs it and
     *         registers nothing)
     */
    @Activate
    public DefaultSimulationComponent(Config config) {
        this(new SimulationImpl(SimulationSettings.toSimulationConfig(config)));
    }

    DefaultSimulationComponent(SimulationImpl sim) {
        this.sim = sim;
        SimulationConfig c = sim.config();
        LOG.info("simulation {}: default simulation created (seed {}, {} bytes DRAM, era {}, cache {} bytes{})",
                sim.id(), c.seed(), c.memory().totalBytes(), c.era(), c.cache().capacityBytes(),
                c.cache().adversarial() ? ", adversarial" : "");
    }

    @Deactivate
    void deactivate() {
        sim.close();
        LOG.info("simulation {}: default simulation closed", sim.id());
    }

    /** The simulation this service stands for. */
    SimulationImpl simulation() {
        return sim;
    }

    @Override
    public SimulationConfig config() {
        return sim.config();
    }

    @Override
    public MemoryMap memory() {
        return sim.memory();
    }

    @Override
    public CpuCache cache() {
        return sim.cache();
    }

    @Override
    public Cpu cpu() {
        return sim.cpu();
    }

    @Override
    public DmaDevices devices() {
        return sim.devices();
    }

    @Override
    public DmaMapping dma() {
        return sim.dma();
    }

    @Override
    public DmaDebug dmaDebug() {
        return sim.dmaDebug();
    }

    @Override
    public DmaBufs dmabufs() {
        return sim.dmabufs();
    }

    @Override
    public DmaHeaps heaps() {
        return sim.heaps();
    }

    @Override
    public DeviceDrivers drivers() {
        return sim.drivers();
    }

    @Override
    public KernelLog log() {
        return sim.log();
    }

    @Override
    public Counters counters() {
        return sim.counters();
    }

    @Override
    public long nowNs() {
        return sim.nowNs();
    }

    @Override
    public RandomGenerator random(String agentId) {
        return sim.random(agentId);
    }

    @Override
    public void runDevices() {
        sim.runDevices();
    }

    /**
     * Refused: the default simulation belongs to the framework and is closed when the core bundle
     * stops or its configuration changes.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void close() {
        throw new IllegalStateException("simulation " + sim.id() + " is the framework's default simulation: it is"
                + " closed by the framework, not by its users");
    }

    @Override
    public String toString() {
        return "default simulation " + sim.id();
    }
}
