// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * One dma-debug report.
 *
 * @param error the error class
 * @param driver {@code dev_driver_string()} of the device
 * @param device {@code dev_name()} of the device
 * @param message the whole line as the kernel prints it, starting with {@code "DMA-API: "}
 * @param timeNs modelled time
 */
public record DmaDebugReport(DmaDebugError error, String driver, String device, String message, long timeNs) {
}
