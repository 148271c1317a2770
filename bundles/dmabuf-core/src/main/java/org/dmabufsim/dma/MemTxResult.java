// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/** The outcome of a device memory transaction, as QEMU's {@code MemTxResult}. */
public enum MemTxResult {
    /** The access completed. */
    OK,
    /** Nothing at that address: not DRAM, or beyond the device's bus. */
    DECODE_ERROR,
    /** Access denied: an IOMMU translation or permission fault. */
    ACCESS_ERROR
}
