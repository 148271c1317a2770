// SPDX-License-Identifier: Apache-2.0
/**
 * Devices, their DMA address spaces (dma-direct with swiotlb, or an IOMMU domain), the DMA mapping
 * API, device DMA jobs with fences, and CONFIG_DMA_API_DEBUG.
 *
 * <p>Kernel names map one to one: {@code dma_map_sg} is {@link org.dmabufsim.dma.DmaMapping#mapSg},
 * {@code dma_sync_sg_for_cpu} is {@link org.dmabufsim.dma.DmaMapping#syncSgForCpu}, and so on. Results
 * of device DMA are values ({@link org.dmabufsim.dma.MemTxResult}), never exceptions.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dmabufsim.dma;
