// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * One leaf of an IOMMU page table: a 4 KiB page or a block.
 *
 * @param iova input address
 * @param phys output address
 * @param size 4 KiB, 2 MiB or 1 GiB
 * @param prot what was asked for
 * @param perm what the page-table format stored
 */
public record IommuMapping(long iova, long phys, long size, IommuProt prot, IommuPerm perm) {
}
