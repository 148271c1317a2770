// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;

/**
 * A dma-buf imported by a driver: the attachment and the direction the driver maps it with.
 *
 * @param device the importing driver's device name
 * @param dmabuf the buffer
 * @param attachment the driver's attachment
 * @param direction how the driver maps it
 */
public record ImportedBuffer(String device, DmaBuf dmabuf, DmaBufAttachment attachment, DmaDirection direction) {
}
