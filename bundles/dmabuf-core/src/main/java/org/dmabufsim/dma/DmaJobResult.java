// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;

/**
 * The outcome of a {@link DmaJob}.
 *
 * @param label the job's label
 * @param steps results of the steps that ran (a failed step is the last)
 * @param startNs modelled time the device started the job
 * @param endNs modelled time the job's fence was signalled
 */
public record DmaJobResult(String label, List<StepResult> steps, long startNs, long endNs) {

    public DmaJobResult {
        steps = List.copyOf(steps);
    }

    /** Whether every step ran and completed. */
    public boolean ok() {
        return steps.stream().allMatch(StepResult::ok);
    }

    /** The result of step {@code i}. */
    public StepResult step(int i) {
        return steps.get(i);
    }
}
