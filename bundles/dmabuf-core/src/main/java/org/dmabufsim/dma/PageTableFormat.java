// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/** The IOMMU page-table format, which decides page sizes and which permissions can be expressed. */
public enum PageTableFormat {
    /**
     * {@code ARM_64_LPAE_S1} with a 4 KiB granule: pages of 4 KiB, blocks of 2 MiB and 1 GiB; access
     * permissions are read-only or read-write, so a write-only request ({@code IOMMU_WRITE} alone, a
     * DMA_FROM_DEVICE mapping) becomes read-write and a device may read it.
     */
    ARM_64_LPAE_S1
}
