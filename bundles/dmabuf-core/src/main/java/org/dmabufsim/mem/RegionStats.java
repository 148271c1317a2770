// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/**
 * Exact page accounting of one part of physical memory: a buddy zone or a reserved region.
 * {@code freePages + usedPages == totalPages} always holds.
 *
 * @param name zone name ({@code "DMA32"}, {@code "Normal"}) or region name
 * @param kind {@code null} for a buddy zone, otherwise the region kind
 * @param totalPages pages the allocator manages
 * @param freePages pages free in the allocator
 * @param usedPages pages handed out
 * @param hostBytes host memory currently backing this part's touched pages
 */
public record RegionStats(String name, RegionKind kind, long totalPages, long freePages, long usedPages, long hostBytes) {
}
