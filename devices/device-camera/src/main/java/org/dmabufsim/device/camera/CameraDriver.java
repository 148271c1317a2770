// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import java.util.List;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.AbstractDriver;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.device.common.DriverChecks;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.IommuSpec;

/**
 * A camera (capture) driver as V4L2 videobuf2 drives one: a non-coherent device behind a strict
 * IOMMU with a 32-bit DMA mask, so every IOVA is below 4 GiB; {@code max_seg_size} {@code UINT_MAX}
 * ({@code vb2_dma_contig_set_max_seg_size(dev, DMA_BIT_MASK(32))}). It imports buffers it writes
 * ({@code DMA_FROM_DEVICE}, or {@code DMA_BIDIRECTIONAL} for a bidirectional queue) and maps them per
 * frame: {@code dma_buf_map_attachment} at QBUF, the capture job, its fence, unmap at DQBUF. A frame
 * is {@link FramePattern#sensor} at every offset, written by one scatter-gather job.
 *
 * <p>Not final, so that a later revision of this bundle can extend the model (the itests' revision
 * fixture {@code device-fixture-camera2} adds a reprocess input); the constructor is package-private,
 * so only classes of this bundle can.
 */
public class CameraDriver extends AbstractDriver {

    CameraDriver(DriverContext context) {
        super(context, CameraDeviceFactory.MODEL, spec(context.config().name()), MappingPolicy.PER_FRAME);
    }

    /** The model's spec before configuration overrides. */
    static DeviceSpec spec(String name) {
        return DeviceSpec.of(name, CameraDeviceFactory.MODEL).withDmaMask(DeviceSpec.bits(32))
                .withIommu(IommuSpec.strict()).withMaxSegmentSize(DeviceSpecs.UINT_MAX);
    }

    /** vb2 capture queues map {@code DMA_FROM_DEVICE} (bidirectional queues {@code DMA_BIDIRECTIONAL}). */
    @Override
    protected DmaDirection mapDirection(DmaDirection requested) {
        DriverChecks.checkDirection(name(), requested, requested.deviceWrites(), "a camera writes its buffers");
        return requested;
    }

    /** Captures frame {@code frameNo} into {@code dst}. */
    @Override
    public FrameResult produce(ImportedBuffer dst, long frameNo) {
        return frame(List.of(dst), imports -> {
            DmaJobResult job = write(imports.get(0), frameNo, (offset, length) -> {
                byte[] bytes = new byte[length];
                FramePattern.sensor(frameNo, offset, bytes, length);
                return bytes;
            });
            return new FrameResult(name(), frameNo, List.of(job), new byte[0]);
        });
    }
}
