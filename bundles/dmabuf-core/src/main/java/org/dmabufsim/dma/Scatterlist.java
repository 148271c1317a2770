// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One {@code struct scatterlist} entry: the CPU side (page, offset, length) and the DMA side
 * ({@code sg_dma_address}, {@code sg_dma_len}) that mapping fills in.
 *
 * @ThreadSafe
 */
@ProviderType
public interface Scatterlist {

    /** {@code page_to_pfn(sg_page(sg))}. */
    long pfn();

    /** {@code sg->offset}. */
    long offset();

    /** {@code sg->length}. */
    long length();

    /** {@code sg_phys(sg)}. */
    default long phys() {
        return (pfn() << 12) + offset();
    }

    /** {@code sg_dma_address(sg)}: 0 until mapped (or written by an exporter). */
    long dmaAddress();

    /** {@code sg_dma_len(sg)}: 0 until mapped. */
    long dmaLength();

    /**
     * Writes {@code sg_dma_address} and {@code sg_dma_len} directly, as exporters that skip the DMA
     * API do (ION v4.9 set them to the physical address).
     */
    void setDma(long dmaAddress, long dmaLength);
}
