// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * An IOMMU translation, as QEMU's {@code IOMMUTLBEntry}.
 *
 * @param iova the input address, aligned down to the translation size
 * @param translatedAddr the physical address it maps to
 * @param addrMask translation size minus one ({@code 0xfff} for a 4 KiB page, {@code 0x1fffff} for a 2 MiB block)
 * @param perm what the entry allows, as the page-table format expresses it
 */
public record IotlbEntry(long iova, long translatedAddr, long addrMask, IommuPerm perm) {
}
