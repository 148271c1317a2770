// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/** {@code enum dma_data_direction}, with the kernel's values and names. */
public enum DmaDirection {
    BIDIRECTIONAL(0, "DMA_BIDIRECTIONAL"),
    TO_DEVICE(1, "DMA_TO_DEVICE"),
    FROM_DEVICE(2, "DMA_FROM_DEVICE"),
    NONE(3, "DMA_NONE");

    private final int value;
    private final String kernelName;

    DmaDirection(int value, String kernelName) {
        this.value = value;
        this.kernelName = kernelName;
    }

    /** The numeric value in the kernel's enum. */
    public int value() {
        return value;
    }

    /** The name dma-debug prints, e.g. {@code "DMA_FROM_DEVICE"}. */
    public String kernelName() {
        return kernelName;
    }

    /** {@code valid_dma_direction()}: anything but {@link #NONE}. */
    public boolean isValid() {
        return this != NONE;
    }

    /** Whether the device may write memory in this direction (FROM_DEVICE or BIDIRECTIONAL). */
    public boolean deviceWrites() {
        return this == FROM_DEVICE || this == BIDIRECTIONAL;
    }

    /** Whether the device may read memory in this direction (TO_DEVICE or BIDIRECTIONAL). */
    public boolean deviceReads() {
        return this == TO_DEVICE || this == BIDIRECTIONAL;
    }
}
