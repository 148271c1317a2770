// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import java.util.Objects;

/**
 * Work a device does by DMA: steps run in order; the first step that fails ends the job.
 *
 * @param label what the job is, for logs and fences (e.g. {@code "frame 12"})
 * @param steps at least one step
 */
public record DmaJob(String label, List<DmaStep> steps) {

    /** Bytes a device moves between two cache events. */
    public static final int BURST_BYTES = 4096;

    public DmaJob {
        Objects.requireNonNull(label, "label");
        steps = List.copyOf(steps);
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("job without steps");
        }
    }

    /** A job of the given steps. */
    public static DmaJob of(String label, DmaStep... steps) {
        return new DmaJob(label, List.of(steps));
    }
}
