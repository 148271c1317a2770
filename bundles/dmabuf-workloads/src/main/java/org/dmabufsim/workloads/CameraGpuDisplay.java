// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJobResult;

/**
 * camera -> GPU -> display. The camera imports A, the GPU A (to read) and B (to render into), then
 * the display B (a compositor sets the rendered buffer up for scanout); per frame the camera
 * captures into A, the GPU reads A, shades every byte ({@link org.dmabufsim.device.FramePattern#gpu})
 * and writes B, and the display scans B out. Not thread-safe: confined to its run.
 */
final class CameraGpuDisplay extends AbstractPipeline {
    private final DeviceDriver gpu;
    private ImportedBuffer gpuIn;
    private ImportedBuffer gpuOut;

    CameraGpuDisplay(Rig rig, SensorFrames sensorFrames) {
        super(rig, sensorFrames, List.of(Stage.CAMERA, Stage.GPU_READ, Stage.GPU_WRITE, Stage.DISPLAY));
        this.gpu = rig.driver(Rig.GPU);
    }

    @Override
    public void importBuffers() {
        importCapture();
        gpuIn = importInto(gpu, A, DmaDirection.TO_DEVICE);
        gpuOut = importInto(gpu, B, DmaDirection.FROM_DEVICE);
        importScanout();
    }

    @Override
    public void frame(long frame) {
        byte[] sensor = sensorFrames.get(frame);
        byte[] dramA = capture(frame, sensor);
        FrameResult r = gpu.process(gpuIn, gpuOut, frame);
        findings().deviceResult(r);
        DmaJobResult read = r.jobs().get(0);
        findings().check(Stage.GPU_READ, r.data(), Frames.transferred(read), dramA);
        byte[] dramB = layoutB.readDram(rig.sim().memory(), frameBytes);
        byte[] shaded = Frames.gpu(read.ok() ? r.data() : dramA);
        findings().check(Stage.GPU_WRITE, dramB, shaded);
        scanOut(frame, Frames.gpu(sensor));
    }
}
