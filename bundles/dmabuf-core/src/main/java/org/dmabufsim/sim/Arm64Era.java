// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

/**
 * Which arm64 kernel the DMA layer behaves like, where arm64 changed behaviour (rules 86, 95).
 */
public enum Arm64Era {
    /**
     * v4.x up to v5.18, the era of the seed (ION): {@code arch_sync_dma_for_device} invalidates for
     * DMA_FROM_DEVICE and cleans otherwise; swiotlb copies into the bounce slot at map time only for
     * DMA_TO_DEVICE and DMA_BIDIRECTIONAL.
     */
    UP_TO_5_18,
    /**
     * v5.19 and later (and 5.10.125 / 5.15.50 backports): {@code arch_sync_dma_for_device} always
     * cleans, also for DMA_FROM_DEVICE; swiotlb always copies into the bounce slot at map time.
     */
    FROM_5_19
}
