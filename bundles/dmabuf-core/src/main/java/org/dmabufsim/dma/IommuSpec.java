// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.Objects;

/**
 * The IOMMU in front of a device.
 *
 * @param type domain type: strict, lazy (flush queue) or identity
 * @param inputAddressBits IOVA aperture: {@code [0, 1 << inputAddressBits)}
 * @param format page-table format
 * @param flushQueueSize for {@link IommuDomainType#DMA_FQ}: unmapped ranges held before a flush
 */
public record IommuSpec(IommuDomainType type, int inputAddressBits, PageTableFormat format, int flushQueueSize) {

    public IommuSpec {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(format, "format");
        if (inputAddressBits < 20 || inputAddressBits > 64 || flushQueueSize < 1) {
            throw new IllegalArgumentException("bad IOMMU spec");
        }
    }

    /** A strict DMA domain, 48-bit IOVAs, LPAE stage 1. */
    public static IommuSpec strict() {
        return new IommuSpec(IommuDomainType.DMA, 48, PageTableFormat.ARM_64_LPAE_S1, 256);
    }

    /** A lazy (flush queue) DMA domain, 48-bit IOVAs, LPAE stage 1, 256 queued ranges. */
    public static IommuSpec lazy() {
        return new IommuSpec(IommuDomainType.DMA_FQ, 48, PageTableFormat.ARM_64_LPAE_S1, 256);
    }

    /** An identity (pass-through) domain. */
    public static IommuSpec identity() {
        return new IommuSpec(IommuDomainType.IDENTITY, 48, PageTableFormat.ARM_64_LPAE_S1, 256);
    }
}
