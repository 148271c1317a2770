// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.workloads.StageCheck.StageTotal;

/**
 * What one run found and cost.
 *
 * @param spec the run
 * @param frames frames run
 * @param framesCorrect frames the display showed exactly right
 * @param stages wrong bytes per checked stage, in pipeline order
 * @param endToEndWrongBytes bytes the display showed wrong, over all frames
 * @param iommuFaults IOMMU faults while importing and running the frames
 * @param dmaDebugErrors dma-debug errors by class, in the enum's order
 * @param overlapsByDevice {@link DmaDebugError#OVERLAP_EEXIST} reports by the device whose mapping
 *        overlapped, by name
 * @param allocation cost of allocating A and B (the heaps and the model's {@code allocated} hook)
 * @param running cost of the imports and the frames
 * @param cpuAccess the maintenance begin/end_cpu_access did over the frames
 * @param handedBy for a device handed another importer's IOVAs at import: that importer
 * @param causes the {@link Verdict}
 */
record RunResult(RunSpec spec, int frames, int framesCorrect, List<StageTotal> stages, long endToEndWrongBytes,
        long iommuFaults, Map<DmaDebugError, Long> dmaDebugErrors, Map<String, Long> overlapsByDevice,
        Counters allocation, Counters running, CpuAccess cpuAccess, Map<String, String> handedBy,
        List<String> causes) {

    RunResult {
        stages = List.copyOf(stages);
        Map<DmaDebugError, Long> errors = new EnumMap<>(DmaDebugError.class);
        errors.putAll(dmaDebugErrors);
        dmaDebugErrors = Collections.unmodifiableMap(errors);
        overlapsByDevice = Collections.unmodifiableMap(new TreeMap<>(overlapsByDevice));
        handedBy = Collections.unmodifiableMap(new TreeMap<>(handedBy));
        causes = List.copyOf(causes);
    }

    /** Every frame right, no wrong byte at any stage, no IOMMU fault. */
    boolean correct() {
        return Verdict.isCorrect(causes) && iommuFaults == 0 && framesCorrect == frames;
    }

    /** Wrong bytes of a stage; 0 for a stage the pipeline does not have. */
    long wrong(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).mapToLong(StageTotal::wrongBytes).sum();
    }

    /**
     * Lines walked by begin/end_cpu_access over a run.
     *
     * @param beginReadWalked by begin_cpu_access(DMA_FROM_DEVICE) before the CPU read device data
     * @param endWriteWalked by end_cpu_access(DMA_TO_DEVICE) after the CPU wrote for a device
     * @param allWalked by every begin/end_cpu_access call
     */
    record CpuAccess(long beginReadWalked, long endWriteWalked, long allWalked) {
    }
}
