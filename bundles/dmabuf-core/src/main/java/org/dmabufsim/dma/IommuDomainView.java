// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What can be seen of a device's IOMMU domain: its page table, IOVA allocations and faults.
 *
 * @ThreadSafe
 */
@ProviderType
public interface IommuDomainView {

    /** Domain type. */
    IommuDomainType type();

    /** Highest IOVA the DMA layer allocates: {@code min(dma_mask, bus_dma_limit, aperture end)}. */
    long iovaLimit();

    /** Walks the page table (no IOTLB, no side effects). Empty if nothing maps {@code iova}. */
    Optional<IotlbEntry> translate(long iova);

    /** Every leaf of the page table, by IOVA. */
    List<IommuMapping> mappings();

    /** Allocated IOVA ranges by start, including ones waiting in the flush queue. */
    List<IovaRange> iovaRanges();

    /** 4 KiB pages currently mapped. */
    long mappedPages();

    /** Faults so far, oldest first. */
    List<IommuFault> faults();

    /** For a lazy domain: flushes the queue now (IOTLB invalidation, IOVA freed). No-op otherwise. */
    void flushQueue();
}
