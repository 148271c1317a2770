// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * The error classes of CONFIG_DMA_API_DEBUG ({@code kernel/dma/debug.c}), each with the text the
 * kernel prints (before the bracketed details).
 */
public enum DmaDebugError {
    UNMAP_INVALID_ADDRESS("device driver tries to free an invalid DMA memory address"),
    UNMAP_NOT_ALLOCATED("device driver tries to free DMA memory it has not allocated"),
    UNMAP_WRONG_SIZE("device driver frees DMA memory with different size"),
    UNMAP_WRONG_TYPE("device driver frees DMA memory with wrong function"),
    UNMAP_WRONG_CPU_ADDRESS("device driver frees DMA memory with different CPU address"),
    UNMAP_WRONG_NENTS("device driver frees DMA sg list with different entry count"),
    UNMAP_WRONG_DIRECTION("device driver frees DMA memory with different direction"),
    MAP_ERROR_NOT_CHECKED("device driver failed to check map error"),
    SYNC_NOT_ALLOCATED("device driver tries to sync DMA memory it has not allocated"),
    SYNC_OUT_OF_RANGE("device driver syncs DMA memory outside allocated range"),
    SYNC_WRONG_DIRECTION("device driver syncs DMA memory with different direction"),
    SYNC_DEVICE_READ_ONLY("device driver syncs device read-only DMA memory for cpu"),
    SYNC_DEVICE_WRITE_ONLY("device driver syncs device write-only DMA memory to device"),
    SYNC_WRONG_NENTS("device driver syncs DMA sg list with different entry count"),
    SG_SEGMENT_TOO_LONG("mapping sg segment longer than device claims to support"),
    SG_SEGMENT_ACROSS_BOUNDARY("mapping sg segment across boundary"),
    OVERLAP_EEXIST("cacheline tracking EEXIST, overlapping mappings aren't supported"),
    OVERLAP_EXCEEDED("exceeded 7 overlapping mappings of cacheline"),
    LEAK_AT_UNBIND("device driver has pending DMA allocations while released from device");

    private final String text;

    DmaDebugError(String text) {
        this.text = text;
    }

    /** The fixed part of the kernel's message. */
    public String text() {
        return text;
    }
}
