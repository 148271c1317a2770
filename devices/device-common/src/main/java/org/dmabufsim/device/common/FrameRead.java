// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import org.dmabufsim.dma.DmaJobResult;

/**
 * What a device read of a frame.
 *
 * @param job the read job
 * @param data the frame as read: every byte the job's steps transferred, at its frame offset; bytes
 *        of steps that failed or never ran stay 0
 */
public record FrameRead(DmaJobResult job, byte[] data) {
}
