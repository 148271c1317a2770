// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * The checks real importers make, and the walks of a mapped table they make them with. Stateless.
 */
public final class DriverChecks {

    private DriverChecks() {
    }

    /**
     * A factory's check that {@code context} configures its own model.
     *
     * @throws ErrnoException EINVAL for a configuration of another model
     */
    public static void checkModel(DriverContext context, String model) {
        if (!model.equals(context.config().model())) {
            throw new ErrnoException(Errno.EINVAL, context.config().name() + ": model " + context.config().model()
                    + " is not " + model);
        }
    }

    /**
     * Refuses a direction the device cannot use for a buffer (a capture device importing for
     * {@code DMA_TO_DEVICE}, a scanout engine importing for {@code DMA_FROM_DEVICE}).
     *
     * @param usable whether the device can use {@code dir}
     * @throws ErrnoException EINVAL when it cannot, or for {@code DMA_NONE}
     */
    public static void checkDirection(String device, DmaDirection dir, boolean usable, String what) {
        if (!dir.isValid() || !usable) {
            throw new ErrnoException(Errno.EINVAL, device + ": cannot import a dma-buf for " + dir.kernelName()
                    + " (" + what + ")");
        }
    }

    /**
     * vb2's and DRM's size check: a buffer smaller than the frame the device moves.
     *
     * @throws ErrnoException EINVAL
     */
    public static void checkFrameSize(String device, DmaBuf dmabuf, FrameFormat frame) {
        if (dmabuf.size() < frame.bytes()) {
            throw new ErrnoException(Errno.EINVAL, device + ": invalid dmabuf length " + dmabuf.size()
                    + " (frame " + frame + " needs " + frame.bytes() + " bytes)");
        }
    }

    /**
     * A mapping the device can be programmed from: at least one DMA segment of non-zero length.
     *
     * @throws ErrnoException ENOMEM for a map that gave no segments
     */
    public static void checkSegments(String device, SgTable sgt, int count) {
        if (count < 1 || count > sgt.origNents() || sgt.get(0).dmaLength() == 0) {
            throw new ErrnoException(Errno.ENOMEM, device + ": the mapped table has no DMA segments (" + count
                    + " of " + sgt.origNents() + " entries)");
        }
    }

    /**
     * {@code drm_prime_get_contiguous_size()}: the length of the run of DMA segments, from the first,
     * whose addresses follow each other; the walk ends at a segment of length 0.
     *
     * @param count the DMA segments to walk ({@code for_each_sgtable_dma_sg})
     */
    public static long contiguousSize(SgTable sgt, int count) {
        long expected = sgt.get(0).dmaAddress();
        long size = 0;
        for (int i = 0; i < count; i++) {
            Scatterlist sg = sgt.get(i);
            long len = sg.dmaLength();
            if (len == 0 || sg.dmaAddress() != expected) {
                break;
            }
            expected += len;
            size += len;
        }
        return size;
    }

    /**
     * The descriptors a scatter-gather engine is programmed with for a frame of {@code frameBytes},
     * as the driver writes them when it maps the buffer: the first {@code count} DMA segments of the
     * table as they are then, in order, until the frame is covered (the walk ends at a segment of
     * length 0, past the merged segments), each address cut to the bits the device drives
     * ({@code addressMask}, its DMA mask), as a 32-bit engine is given {@code lower_32_bits(sg_dma_address)}.
     * An address the exporter should never have handed the device thus reaches whatever the cut
     * address decodes to. Segments that cover less than the frame give a shorter program.
     */
    public static List<DmaSegment> program(SgTable sgt, int count, int frameBytes, long addressMask) {
        List<DmaSegment> out = new ArrayList<>();
        long offset = 0;
        for (int i = 0; i < count && offset < frameBytes; i++) {
            Scatterlist sg = sgt.get(i);
            long len = Math.min(sg.dmaLength(), frameBytes - offset);
            if (len <= 0) {
                break;
            }
            out.add(new DmaSegment(sg.dmaAddress() & addressMask, (int) len, (int) offset));
            offset += len;
        }
        return List.copyOf(out);
    }
}
