// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A driver instance of a device model, behaving as a kernel importer with the checks a real driver
 * makes. Operations a model does not support throw {@link org.dmabufsim.sim.ErrnoException} ENOTTY.
 * Refusals (a buffer the device cannot use) throw the errno the driver returns, leaving nothing
 * attached or mapped.
 */
@ConsumerType
public interface DeviceDriver extends AutoCloseable {

    /** The device name. */
    String name();

    /** The model name, e.g. {@code "camera"}. */
    String model();

    /** The device handle. */
    DmaDevice device();

    /** How long this driver keeps buffers mapped. */
    MappingPolicy mappingPolicy();

    /** Attaches (and, for {@link MappingPolicy#AT_IMPORT}, maps) a buffer the device will use in {@code direction}. */
    ImportedBuffer importBuffer(DmaBuf dmabuf, DmaDirection direction);

    /** The device writes frame {@code frame} into {@code dst} (camera capture, GPU render target). */
    FrameResult produce(ImportedBuffer dst, long frame);

    /** The device reads {@code src} (display scanout); the result carries the bytes read. */
    FrameResult consume(ImportedBuffer src, long frame);

    /** The device reads {@code src}, transforms it ({@link FramePattern#gpu}) and writes {@code dst}. */
    FrameResult process(ImportedBuffer src, ImportedBuffer dst, long frame);

    /**
     * The table the driver holds mapped for {@code buffer}: what {@code dma_buf_map_attachment}
     * returned, with its DMA addresses as they are now (an exporter that shares one table between
     * importers, as ION v4.9 did, lets another importer change them; the driver programs its device
     * from the addresses it copied when it mapped). For end-to-end checks that attribute a failure to
     * the addresses a device was given. Empty while the buffer is not mapped, and by default for a
     * driver that does not tell.
     *
     * @since 1.1
     */
    default Optional<SgTable> mappedTable(ImportedBuffer buffer) {
        return Optional.empty();
    }

    /** Unmaps (if mapped) and detaches. */
    void release(ImportedBuffer buffer);

    /** Releases every import and closes the device handle (driver unbind). */
    @Override
    void close();
}
