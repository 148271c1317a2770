// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/** {@code IOMMU_DOMAIN_*}: how a device's IOMMU domain translates. */
public enum IommuDomainType {
    /** {@code IOMMU_DOMAIN_DMA} with strict invalidation: every unmap invalidates the IOTLB at once. */
    DMA,
    /**
     * {@code IOMMU_DOMAIN_DMA_FQ}, lazy invalidation: unmapped IOVAs go to a flush queue and stay
     * translatable from the IOTLB until the queue is flushed (when full, or on
     * {@link IommuDomainView#flushQueue()}); their IOVA is reused only after that.
     */
    DMA_FQ,
    /** {@code IOMMU_DOMAIN_IDENTITY}: IOVA equals physical address, no page tables. */
    IDENTITY
}
