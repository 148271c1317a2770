// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import java.util.List;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.AbstractDriver;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.device.common.DriverChecks;
import org.dmabufsim.device.common.FrameRead;
import org.dmabufsim.device.common.Import;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;

/**
 * A display (scanout) driver as a DRM driver on the GEM DMA helpers drives one: a non-coherent
 * device without IOMMU (dma-direct, swiotlb allowed) with a 32-bit DMA mask and {@code max_seg_size}
 * {@code UINT_MAX}. PRIME import ({@code drm_gem_prime_import_dev}) attaches and maps once with
 * {@code DMA_BIDIRECTIONAL}; then, as {@code drm_gem_dma_prime_import_sg_table}, the scanout engine
 * needs one contiguous DMA range: when {@code drm_prime_get_contiguous_size()} of the table is
 * smaller than the buffer the import is refused with EINVAL (unmapped, detached) and the driver's
 * {@code DRM_ERROR} is printed. A map failure propagates its errno.
 *
 * <p>On the default SoC (8 GiB: 2 GiB below 4 GiB, the rest at {@code 0x8_8000_0000}) a 1080p frame
 * from the system heap lies in 1 MiB chunks above 4 GiB: the 32-bit display cannot reach them,
 * dma-direct falls back to swiotlb, which cannot bounce a segment larger than 256 KiB, so the map
 * fails (EIO from {@code dma_map_sgtable} under dma-heap). A frame from the CMA heap is one
 * contiguous chunk in the CMA area below 4 GiB: accepted. A display that can reach the memory
 * ({@code dma.mask.bits=64}) still refuses a system-heap buffer whose chunks are not physically
 * consecutive, by the contiguity check.
 */
public final class DisplayDriver extends AbstractDriver {
    /** What the driver prints when it refuses a table (as mediatek's {@code mtk_gem_prime_import_sg_table}). */
    static final String NOT_CONTIGUOUS = "[drm:display_gem_prime_import_sg_table] *ERROR* sg_table is not contiguous";

    DisplayDriver(DriverContext context) {
        super(context, DisplayDeviceFactory.MODEL, spec(context.config().name()), MappingPolicy.AT_IMPORT);
    }

    /** The model's spec before configuration overrides. */
    static DeviceSpec spec(String name) {
        return DeviceSpec.of(name, DisplayDeviceFactory.MODEL).withDmaMask(DeviceSpec.bits(32))
                .withMaxSegmentSize(DeviceSpecs.UINT_MAX);
    }

    /** A scanout engine only reads; DRM PRIME maps every import {@code DMA_BIDIRECTIONAL}. */
    @Override
    protected DmaDirection mapDirection(DmaDirection requested) {
        DriverChecks.checkDirection(name(), requested, requested.deviceReads(), "a display reads its buffers");
        return DmaDirection.BIDIRECTIONAL;
    }

    /** {@code if (drm_prime_get_contiguous_size(sgt) < attach->dmabuf->size) return -EINVAL}. */
    @Override
    protected void checkMapped(Import imp) {
        SgTable sgt = imp.table().orElseThrow();
        long contiguous = DriverChecks.contiguousSize(sgt, imp.segments());
        long size = imp.buffer().dmabuf().size();
        if (contiguous < size) {
            sim().log().print(KernelLog.Level.ERROR, NOT_CONTIGUOUS);
            throw new ErrnoException(Errno.EINVAL, name() + ": sg_table is not contiguous (" + contiguous + " of "
                    + size + " bytes from 0x" + Long.toHexString(sgt.get(0).dmaAddress()) + ")");
        }
    }

    /** Scans frame {@code frameNo} out of {@code src}: one read job; the result carries the bytes read. */
    @Override
    public FrameResult consume(ImportedBuffer src, long frameNo) {
        return frame(List.of(src), imports -> {
            FrameRead read = read(imports.get(0), frameNo);
            return new FrameResult(name(), frameNo, List.of(read.job()), read.data());
        });
    }
}
