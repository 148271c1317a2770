// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.workloads.Evidence.DeviceFaults;
import org.dmabufsim.workloads.RunResult.CpuAccess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link RunSpec} in its own {@link Rig}: allocation, imports, the frames, then the
 * verdict. Stateless; a run touches nothing outside its private simulation, so runs may execute in
 * parallel and still give the same results.
 */
final class PipelineRun {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineRun.class);
    private static final List<String> DEVICES = List.of(Rig.CAMERA, Rig.DISPLAY, Rig.GPU);

    private PipelineRun() {
    }

    /**
     * Runs {@code spec}; {@code sensorFrames} may be shared with the job's other runs. A driver or
     * heap that refuses (an errno) ends the run there; the verdict says where and why.
     */
    static RunResult run(RunSpec spec, JobArgs args, Factories factories, SensorFrames sensorFrames) {
        try (Rig rig = Rig.open(spec, args, factories)) {
            Simulation sim = rig.sim();
            Pipeline pipeline = spec.pipeline().create(rig, sensorFrames);
            Counters start = sim.counters();
            pipeline.allocate();
            Counters allocated = sim.counters();
            List<BufferLayout> layouts = pipeline.probeLayouts();
            Counters probed = sim.counters();
            String stopped = runFrames(spec, pipeline, args.frames());
            Counters end = sim.counters();
            Findings f = pipeline.findings();
            List<String> causes = Verdict.causes(evidence(rig, f, layouts, args.frames(), stopped));
            LOG.debug("{}: {} of {} frames correct: {}", spec, f.framesCorrect(), args.frames(), causes);
            pipeline.release();
            CpuAccess cpuAccess = new CpuAccess(f.beginReadWalked(), f.endWriteWalked(), f.cpuAccessLinesWalked());
            return new RunResult(spec, args.frames(), f.framesCorrect(), f.stageTotals(), f.endToEndWrongBytes(),
                    end.minus(probed).iommuFaults(), sim.dmaDebug().errorCounts(), overlaps(sim),
                    allocated.minus(start), end.minus(probed), cpuAccess, f.tables().handedBy(), causes);
        }
    }

    /** The imports and the frames; returns why they stopped early, or "" when every frame ran. */
    private static String runFrames(RunSpec spec, Pipeline pipeline, int frames) {
        long frame = -1;
        try {
            pipeline.importBuffers();
            for (frame = 0; frame < frames; frame++) {
                pipeline.frame(frame);
            }
            return "";
        } catch (ErrnoException e) {
            LOG.warn("{}: stopped {}: {}", spec, frame < 0 ? "at the imports" : "at frame " + frame, e.getMessage());
            return "stopped " + (frame < 0 ? "at the imports" : "at frame " + frame) + ": " + e.getMessage();
        }
    }

    private static Evidence evidence(Rig rig, Findings f, List<BufferLayout> layouts, int frames, String stopped) {
        List<DeviceFaults> faults = new ArrayList<>();
        for (String name : DEVICES) {
            List<IommuFault> recorded = rig.driver(name).device().iommu().map(d -> d.faults()).orElse(List.of());
            if (!recorded.isEmpty()) {
                long mask = rig.driver(name).device().spec().dmaMask();
                long atPhys = recorded.stream()
                        .filter(x -> layouts.stream().anyMatch(l -> l.containsAlias(x.iova(), mask))).count();
                long foreign = recorded.stream().filter(x -> mappedElsewhere(rig, name, x.iova())).count();
                faults.add(new DeviceFaults(name, recorded.size(), atPhys, foreign));
            }
        }
        boolean gpuCoherent = rig.driver(Rig.GPU).device().spec().coherent();
        return new Evidence(frames, f.framesCorrect(), f.stageTotals(), faults, f.tables().handedBy(),
                f.beginReadWalked(), f.endWriteWalked(), f.dmaFailures(), gpuCoherent, stopped);
    }

    /** Whether another device's IOMMU domain maps {@code iova} now. */
    private static boolean mappedElsewhere(Rig rig, String device, long iova) {
        for (String other : DEVICES) {
            if (!other.equals(device) && TableWatch.mapsIova(rig.driver(other), iova)) {
                return true;
            }
        }
        return false;
    }

    /** OVERLAP_EEXIST reports by the device that mapped over another's write-capable mapping. */
    private static Map<String, Long> overlaps(Simulation sim) {
        Map<String, Long> byDevice = new TreeMap<>();
        for (DmaDebugReport r : sim.dmaDebug().reports()) {
            if (r.error() == DmaDebugError.OVERLAP_EEXIST) {
                byDevice.merge(r.device(), 1L, Long::sum);
            }
        }
        return byDevice;
    }
}
