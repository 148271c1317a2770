// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;

/**
 * camera -> CPU post-processing -> display. Per frame: the camera captures into A; the process
 * mmaps A and B; {@code A.begin_cpu_access(DMA_FROM_DEVICE)}, read the frame,
 * {@code A.end_cpu_access(DMA_FROM_DEVICE)}; {@code B.begin_cpu_access(DMA_TO_DEVICE)}, write
 * {@link org.dmabufsim.device.FramePattern#cpuPost} of what was read, {@code B.end_cpu_access(DMA_TO_DEVICE)};
 * munmap both; the display scans B out. Not thread-safe: confined to its run.
 */
final class CameraCpuDisplay extends AbstractPipeline {

    CameraCpuDisplay(Rig rig, SensorFrames sensorFrames) {
        super(rig, sensorFrames, List.of(Stage.CAMERA, Stage.CPU_READ, Stage.CPU_WRITE, Stage.DISPLAY));
    }

    /** The display imports B first, then the camera imports A. */
    @Override
    public void importBuffers() {
        importScanout();
        importCapture();
    }

    @Override
    public void frame(long frame) {
        byte[] sensor = sensorFrames.get(frame);
        byte[] dramA = capture(frame, sensor);
        byte[] written = postProcess(dramA);
        byte[] dramB = layoutB.readDram(rig.sim().memory(), frameBytes);
        findings().check(Stage.CPU_WRITE, dramB, written);
        scanOut(frame, Frames.cpuPost(sensor));
    }

    /** The CPU step; returns what the CPU wrote into B, after checking what it read against {@code dramA}. */
    private byte[] postProcess(byte[] dramA) {
        CpuMapping va = a.mmap(Rig.PROCESS, 0, pages(a));
        CpuMapping vb = b.mmap(Rig.PROCESS, 0, pages(b));
        try {
            findings().beginCpuRead(measured(() -> a.beginCpuAccess(DmaDirection.FROM_DEVICE)));
            byte[] read = va.read(0, frameBytes);
            findings().otherCpuAccess(measured(() -> a.endCpuAccess(DmaDirection.FROM_DEVICE)));
            findings().check(Stage.CPU_READ, read, dramA);
            byte[] written = Frames.cpuPost(read);
            findings().otherCpuAccess(measured(() -> b.beginCpuAccess(DmaDirection.TO_DEVICE)));
            vb.write(0, written);
            findings().endCpuWrite(measured(() -> b.endCpuAccess(DmaDirection.TO_DEVICE)));
            return written;
        } finally {
            va.unmap();
            vb.unmap();
        }
    }

    private static long pages(DmaBuf buf) {
        return (buf.size() + MemoryMap.PAGE_SIZE - 1) / MemoryMap.PAGE_SIZE;
    }
}
