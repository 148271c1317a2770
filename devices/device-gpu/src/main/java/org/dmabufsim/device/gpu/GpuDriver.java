// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import java.util.Arrays;
import java.util.List;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.AbstractDriver;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.device.common.DriverChecks;
import org.dmabufsim.device.common.FrameRead;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.IommuSpec;

/**
 * A GPU driver as a DRM render driver drives one: an IO-coherent device (its accesses snoop the CPU
 * cache, no cache maintenance) behind a strict IOMMU with a 40-bit DMA mask and {@code max_seg_size}
 * {@code UINT_MAX}. PRIME import maps once with {@code DMA_BIDIRECTIONAL}, whatever it is used for.
 *
 * <p>{@link #process} reads the source frame (one job), applies {@link FramePattern#gpu} to every
 * byte and writes the result to the destination (a second job); a failed read ends the frame
 * without the write, as a render job whose input fence signalled an error. {@link #produce} renders
 * {@code FramePattern.gpu(FramePattern.sensor(frame, offset))} at every offset; {@link #consume}
 * reads a frame back.
 */
public final class GpuDriver extends AbstractDriver {

    GpuDriver(DriverContext context) {
        super(context, GpuDeviceFactory.MODEL, spec(context.config().name()), MappingPolicy.AT_IMPORT);
    }

    /** The model's spec before configuration overrides. */
    static DeviceSpec spec(String name) {
        return DeviceSpec.of(name, GpuDeviceFactory.MODEL).withDmaMask(DeviceSpec.bits(40)).withCoherent(true)
                .withIommu(IommuSpec.strict()).withMaxSegmentSize(DeviceSpecs.UINT_MAX);
    }

    /** Any direction but {@code DMA_NONE}; DRM PRIME maps every import {@code DMA_BIDIRECTIONAL}. */
    @Override
    protected DmaDirection mapDirection(DmaDirection requested) {
        DriverChecks.checkDirection(name(), requested, true, "a GPU reads and writes its buffers");
        return DmaDirection.BIDIRECTIONAL;
    }

    /** Renders frame {@code frameNo} into {@code dst}. */
    @Override
    public FrameResult produce(ImportedBuffer dst, long frameNo) {
        return frame(List.of(dst), imports -> {
            DmaJobResult job = write(imports.get(0), frameNo, (offset, length) -> {
                byte[] bytes = new byte[length];
                FramePattern.sensor(frameNo, offset, bytes, length);
                return shade(bytes);
            });
            return new FrameResult(name(), frameNo, List.of(job), new byte[0]);
        });
    }

    /** Reads frame {@code frameNo} back from {@code src}. */
    @Override
    public FrameResult consume(ImportedBuffer src, long frameNo) {
        return frame(List.of(src), imports -> {
            FrameRead read = read(imports.get(0), frameNo);
            return new FrameResult(name(), frameNo, List.of(read.job()), read.data());
        });
    }

    /** Reads {@code src}, shades every byte, writes {@code dst}; the result carries the bytes read. */
    @Override
    public FrameResult process(ImportedBuffer src, ImportedBuffer dst, long frameNo) {
        return frame(List.of(src, dst), imports -> {
            FrameRead read = read(imports.get(0), frameNo);
            if (!read.job().ok()) {
                return new FrameResult(name(), frameNo, List.of(read.job()), read.data());
            }
            byte[] out = shade(read.data().clone());
            DmaJobResult write = write(imports.get(1), frameNo,
                    (offset, length) -> Arrays.copyOfRange(out, offset, offset + length));
            return new FrameResult(name(), frameNo, List.of(read.job(), write), read.data());
        });
    }

    /** {@link FramePattern#gpu} on every byte, in place. */
    private static byte[] shade(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = FramePattern.gpu(bytes[i]);
        }
        return bytes;
    }
}
