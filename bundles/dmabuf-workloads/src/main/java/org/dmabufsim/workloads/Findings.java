// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.StepResult;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.workloads.StageCheck.StageTotal;

/**
 * What the oracle found during one run: wrong bytes per stage and end to end, frames correct, the
 * tables that were overwritten, the maintenance begin/end_cpu_access did, the DMA failures per
 * device. Not thread-safe: confined to its run.
 */
final class Findings {
    private final Map<Stage, StageCheck> stages = new LinkedHashMap<>();
    private final StageCheck endToEnd = new StageCheck(Stage.DISPLAY);
    private final TableWatch tables = new TableWatch();
    private final Map<String, MemTxResult> dmaFailures = new LinkedHashMap<>();
    private int framesCorrect;
    private long beginReadWalked;
    private long endWriteWalked;
    private long cpuAccessLinesWalked;

    /** @param stages the pipeline's checked stages, in pipeline order */
    Findings(List<Stage> stages) {
        stages.forEach(s -> this.stages.put(s, new StageCheck(s)));
    }

    /** Checks a stage's whole output. */
    long check(Stage stage, byte[] actual, byte[] expected) {
        return stages.get(stage).check(actual, expected);
    }

    /** Checks a stage's output of which only the first {@code produced} bytes were produced. */
    long check(Stage stage, byte[] actual, int produced, byte[] expected) {
        return stages.get(stage).check(actual, produced, expected);
    }

    /** The display's frame against the pipeline's expected end result: correct when exactly equal. */
    void endToEnd(byte[] shown, int produced, byte[] expected) {
        if (endToEnd.check(shown, produced, expected) == 0) {
            framesCorrect++;
        }
    }

    TableWatch tables() {
        return tables;
    }

    /** Maintenance of one {@code begin_cpu_access(DMA_FROM_DEVICE)} before the CPU reads device data. */
    void beginCpuRead(Counters delta) {
        beginReadWalked += delta.linesWalked();
        cpuAccessLinesWalked += delta.linesWalked();
    }

    /** Maintenance of one {@code end_cpu_access(DMA_TO_DEVICE)} after the CPU wrote for a device. */
    void endCpuWrite(Counters delta) {
        endWriteWalked += delta.linesWalked();
        cpuAccessLinesWalked += delta.linesWalked();
    }

    /** Maintenance of the other begin/end_cpu_access calls. */
    void otherCpuAccess(Counters delta) {
        cpuAccessLinesWalked += delta.linesWalked();
    }

    /** Notes the first failed transfer of a device that is not an IOMMU fault (those are counted apart). */
    void deviceResult(FrameResult result) {
        for (DmaJobResult job : result.jobs()) {
            for (StepResult step : job.steps()) {
                if (!step.ok() && step.fault() == null) {
                    dmaFailures.putIfAbsent(result.device(), step.result());
                }
            }
        }
    }

    int framesCorrect() {
        return framesCorrect;
    }

    long endToEndWrongBytes() {
        return endToEnd.total().wrongBytes();
    }

    List<StageTotal> stageTotals() {
        return stages.values().stream().map(StageCheck::total).toList();
    }

    Map<String, MemTxResult> dmaFailures() {
        return Map.copyOf(dmaFailures);
    }

    /** Lines walked by begin_cpu_access(DMA_FROM_DEVICE) on the buffer the CPU reads. */
    long beginReadWalked() {
        return beginReadWalked;
    }

    /** Lines walked by end_cpu_access(DMA_TO_DEVICE) on the buffer the CPU wrote. */
    long endWriteWalked() {
        return endWriteWalked;
    }

    long cpuAccessLinesWalked() {
        return cpuAccessLinesWalked;
    }
}
