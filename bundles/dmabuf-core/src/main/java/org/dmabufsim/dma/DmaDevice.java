// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A bound device and the handle to its DMA address space.
 *
 * <p>{@link #close()} is driver unbind. If the device still has DMA mappings, dma-debug reports the
 * kernel's "device driver has pending DMA allocations while released from device" once with their
 * count, then the core tears down what the device left: dma-buf attachments are unmapped and
 * detached through their exporters, remaining mappings are unmapped (swiotlb slots copied back per
 * direction and freed, IOVA freed), so buffers stay intact for other devices. After close every call
 * on this device throws {@link org.dmabufsim.sim.ErrnoException} ENODEV.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaDevice extends AutoCloseable {

    /** {@code dev_name()}. */
    default String name() {
        return spec().name();
    }

    /** The spec it was created from. */
    DeviceSpec spec();

    /** The device's job queue. */
    DmaQueue queue();

    /** The IOMMU domain, if an IOMMU translates this device. */
    Optional<IommuDomainView> iommu();

    /** Unbinds the device (see the class comment). Idempotent. */
    @Override
    void close();

    /** Whether {@link #close()} was called. */
    boolean isClosed();
}
