// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both pipelines share: A from the system heap captured by the camera (mapped per frame, or
 * at import, as the run's {@link CameraMapping} says), B from the CMA heap scanned out by the display
 * (mapped at import), the checks of those two ends, and the release of every import. Not thread-safe: confined
 * to its run.
 */
abstract class AbstractPipeline implements Pipeline {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractPipeline.class);
    static final String A = "A";
    static final String B = "B";

    protected final Rig rig;
    /** What the sensor produces, frame by frame: read-only arrays. */
    protected final SensorFrames sensorFrames;
    protected final int frameBytes;
    protected final DeviceDriver camera;
    protected final DeviceDriver display;
    private final Findings findings;
    protected DmaBuf a;
    protected DmaBuf b;
    protected BufferLayout layoutA;
    protected BufferLayout layoutB;
    private ImportedBuffer capture;
    private ImportedBuffer scanout;
    /** Every import, in import order, with its driver: what {@link #release()} tears down. */
    private final List<Held> held = new ArrayList<>();

    private record Held(DeviceDriver driver, ImportedBuffer imported) {
    }

    AbstractPipeline(Rig rig, SensorFrames sensorFrames, List<Stage> stages) {
        this.rig = rig;
        this.sensorFrames = sensorFrames;
        this.frameBytes = rig.frameBytes();
        this.camera = rig.driver(Rig.CAMERA);
        this.display = rig.driver(Rig.DISPLAY);
        this.findings = new Findings(stages);
    }

    @Override
    public final Findings findings() {
        return findings;
    }

    /**
     * A with ION_FLAG_CACHED (the CPU reads camera frames through a cacheable mapping), B too except
     * under ion-4.9, whose CMA heap refuses ION_FLAG_CACHED (rule 43): there the display buffer is
     * write-combine for the CPU.
     */
    @Override
    public void allocate() {
        a = rig.allocate(Rig.SYSTEM, true);
        b = rig.allocate(Rig.RESERVED, !rig.spec().model().equals(CachingModel.ION_4_9));
    }

    @Override
    public final List<BufferLayout> probeLayouts() {
        layoutA = BufferLayout.of(a, Rig.PROCESS);
        layoutB = BufferLayout.of(b, Rig.PROCESS);
        return List.of(layoutA, layoutB);
    }

    /** The display imports B (DRM PRIME maps it at import). */
    protected final void importScanout() {
        scanout = importInto(display, B, DmaDirection.TO_DEVICE);
    }

    /** The camera imports A for capture (mapping it now only if it keeps its mapping). */
    protected final void importCapture() {
        capture = importInto(camera, A, DmaDirection.FROM_DEVICE);
    }

    /** An import by a driver of the pipeline, watched from now on. */
    protected final ImportedBuffer importInto(DeviceDriver driver, String buffer, DmaDirection direction) {
        ImportedBuffer imported = driver.importBuffer(buffer.equals(A) ? a : b, direction);
        held.add(new Held(driver, imported));
        findings.tables().watch(buffer, driver, imported);
        return imported;
    }

    /**
     * Every driver releases its imports, in import order (unmap if mapped, detach): the end of the
     * run that dma-debug checks too. A driver's refusal is logged and the others still release.
     */
    @Override
    public void release() {
        for (Held h : held) {
            try {
                h.driver().release(h.imported());
            } catch (RuntimeException e) {
                LOG.warn("{}: release of {} failed: {}",
                        h.driver().name(), h.imported(), e.getMessage());
            }
        }
        held.clear();
    }

    /** The camera captures frame {@code frame}; returns A as DRAM holds it then, checked against {@code sensor}. */
    protected final byte[] capture(long frame, byte[] sensor) {
        FrameResult r = camera.produce(capture, frame);
        findings.deviceResult(r);
        byte[] dram = layoutA.readDram(rig.sim().memory(), frameBytes);
        findings.check(Stage.CAMERA, dram, sensor);
        return dram;
    }

    /** The display scans frame {@code frame} out of B: checked against DRAM and against {@code expected}. */
    protected final void scanOut(long frame, byte[] expected) {
        byte[] dram = layoutB.readDram(rig.sim().memory(), frameBytes);
        FrameResult r = display.consume(scanout, frame);
        findings.deviceResult(r);
        int produced = Frames.transferred(r.jobs().get(0));
        findings.check(Stage.DISPLAY, r.data(), produced, dram);
        findings.endToEnd(r.data(), produced, expected);
    }

    /** What {@code call} cost: the counters' change across it. */
    protected final Counters measured(Runnable call) {
        Counters before = rig.sim().counters();
        call.run();
        return rig.sim().counters().minus(before);
    }
}
