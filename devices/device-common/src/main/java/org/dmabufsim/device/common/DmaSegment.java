// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

/**
 * One descriptor of a scatter-gather DMA engine: a run of device addresses and where it lies in the
 * frame.
 *
 * @param dmaAddress the device address of the first byte ({@code sg_dma_address})
 * @param length bytes, at least 1
 * @param frameOffset the offset of the first byte in the frame
 */
public record DmaSegment(long dmaAddress, int length, int frameOffset) {

    public DmaSegment {
        if (length < 1 || frameOffset < 0) {
            throw new IllegalArgumentException("bad segment length " + length + " at " + frameOffset);
        }
    }
}
