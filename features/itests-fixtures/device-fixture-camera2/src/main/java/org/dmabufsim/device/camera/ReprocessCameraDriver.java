// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import java.util.List;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.common.FrameRead;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.sim.KernelLog;

/**
 * The camera of revision {@value CameraRevisionComponent#REVISION}: {@link CameraDriver} unchanged,
 * plus a reprocess input as camera ISPs have (a V4L2 output queue: the ISP reads a frame back from
 * memory). It accepts {@code DMA_TO_DEVICE} imports and {@link #consume}s them; it prints its
 * revision when it binds, as a driver's {@code dev_info} would.
 */
final class ReprocessCameraDriver extends CameraDriver {

    ReprocessCameraDriver(DriverContext context) {
        super(context);
        sim().log().print(KernelLog.Level.INFO, CameraDeviceFactory.MODEL + " " + name() + ": revision "
                + CameraRevisionComponent.REVISION + ", reprocess input");
    }

    /** Reprocess input buffers are mapped {@code DMA_TO_DEVICE}; capture buffers as the camera maps them. */
    @Override
    protected DmaDirection mapDirection(DmaDirection requested) {
        return requested == DmaDirection.TO_DEVICE ? requested : super.mapDirection(requested);
    }

    /** Reads frame {@code frameNo} back from {@code src}: one read job; the result carries the bytes read. */
    @Override
    public FrameResult consume(ImportedBuffer src, long frameNo) {
        return frame(List.of(src), imports -> {
            FrameRead read = read(imports.get(0), frameNo);
            return new FrameResult(name(), frameNo, List.of(read.job()), read.data());
        });
    }
}
