// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * The outcome of one {@link DmaStep}.
 *
 * @param result {@link MemTxResult#OK}, or the error of the first failing burst
 * @param bytesDone bytes transferred before the step ended
 * @param data for a {@link DmaStep.Read}: the bytes read (only {@code bytesDone} of them valid); otherwise empty
 * @param fault the IOMMU fault that ended the step, or {@code null}
 */
public record StepResult(MemTxResult result, long bytesDone, byte[] data, IommuFault fault) {

    /** Whether the step completed. */
    public boolean ok() {
        return result == MemTxResult.OK;
    }
}
