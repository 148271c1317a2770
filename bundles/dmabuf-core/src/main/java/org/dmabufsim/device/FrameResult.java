// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import java.util.List;
import org.dmabufsim.dma.DmaJobResult;

/**
 * What a device did for one frame. DMA failures are values here, not exceptions.
 *
 * @param device device name
 * @param frame frame number
 * @param jobs the DMA jobs the frame took, in order
 * @param data for a consuming device: the bytes it read (scanout, GPU input); otherwise empty
 */
public record FrameResult(String device, long frame, List<DmaJobResult> jobs, byte[] data) {

    public FrameResult {
        jobs = List.copyOf(jobs);
    }

    /** Whether every DMA job of the frame completed. */
    public boolean ok() {
        return jobs.stream().allMatch(DmaJobResult::ok);
    }
}
