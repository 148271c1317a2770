// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * The private simulation of one run: the default SoC with the run's seed, era and cache mode; heaps
 * {@value #SYSTEM} (system heap, ION id 0) and {@value #RESERVED} (CMA heap on {@code linux,cma}, id 1)
 * with the run's caching model; drivers {@value #CAMERA}, {@value #DISPLAY} and {@value #GPU} with the
 * run's frame size and flavour. Closing it ends the simulation. Confined to the thread of its run.
 */
final class Rig implements AutoCloseable {
    /** The user process that allocates, mmaps and post-processes frames. */
    static final Owner PROCESS = Owner.process(1000);
    static final String SYSTEM = "system";
    static final String RESERVED = "reserved";
    static final String CMA_AREA = "linux,cma";
    static final String CAMERA = "camera0";
    static final String DISPLAY = "display0";
    static final String GPU = "gpu0";

    private final RunSpec spec;
    private final int frameBytes;
    private final Simulation sim;
    private final Map<String, DeviceDriver> drivers = new LinkedHashMap<>();

    private Rig(RunSpec spec, JobArgs args, Simulation sim) {
        this.spec = spec;
        this.frameBytes = args.frameBytes();
        this.sim = sim;
    }

    /**
     * Creates the simulation, its heaps and its drivers; on failure nothing stays open.
     *
     * @throws org.dmabufsim.sim.ErrnoException what the heaps and drivers refuse
     * @throws IllegalStateException if a factory is missing
     */
    static Rig open(RunSpec spec, JobArgs args, Factories factories) {
        SimulationConfig config = SimulationConfig.defaults().withSeed(args.seed()).withEra(spec.era());
        config = config.withCache(config.cache().withAdversarial(args.adversarial()));
        Rig rig = new Rig(spec, args, Simulation.create(config));
        try {
            rig.addHeaps(factories);
            rig.addDriver(CAMERA, "camera", true, args, factories);
            rig.addDriver(DISPLAY, "display", false, args, factories);
            rig.addDriver(GPU, "gpu", true, args, factories);
            return rig;
        } catch (RuntimeException e) {
            rig.close();
            throw e;
        }
    }

    private void addHeaps(Factories factories) {
        sim.heaps().add(HeapSpec.of(SYSTEM, "system", 0, spec.model()), factories.heap("system"));
        sim.heaps().add(HeapSpec.of(RESERVED, "cma", 1, spec.model()).with("cma.area", CMA_AREA),
                factories.heap("cma"));
    }

    private void addDriver(String name, String model, boolean behindIommu, JobArgs args, Factories factories) {
        DeviceConfig config = DeviceConfig.of(name, model).with("frame.width", Integer.toString(args.width()))
                .with("frame.height", Integer.toString(args.height()));
        if (name.equals(CAMERA)) {
            config = config.with("mapping.policy", spec.cameraMapping().option());
        }
        drivers.put(name, sim.drivers().add(spec.flavour().configure(config, behindIommu), factories.device(model)));
    }

    RunSpec spec() {
        return spec;
    }

    Simulation sim() {
        return sim;
    }

    int frameBytes() {
        return frameBytes;
    }

    DeviceDriver driver(String name) {
        return drivers.get(name);
    }

    /**
     * A frame buffer from {@code heap}, held by {@link #PROCESS}. {@code cpuCached} asks ION for
     * {@code ION_FLAG_CACHED} (cacheable CPU mappings); dma-heap buffers take no flags and are always
     * cacheable. (ION v4.9's CMA heap refuses ION_FLAG_CACHED, so callers do not ask it of that one.)
     */
    DmaBuf allocate(String heap, boolean cpuCached) {
        long flags = cpuCached && spec.model().startsWith("ion-") ? PageExportInfo.FLAG_CACHED : 0;
        return sim.heaps().allocate(heap, frameBytes, flags, ExportInfo.O_RDWR, PROCESS);
    }

    /** Ends the simulation: drivers, buffers and host memory go with it. */
    @Override
    public void close() {
        sim.close();
    }
}
