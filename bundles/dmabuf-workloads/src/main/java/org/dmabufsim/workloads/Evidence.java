// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.workloads.StageCheck.StageTotal;

/**
 * What a {@link Verdict} is drawn from: the oracle's counts and the facts that explain them.
 *
 * @param frames frames run
 * @param framesCorrect frames the display showed exactly right
 * @param stages wrong bytes per checked stage, in pipeline order
 * @param faults IOMMU faults per device that had any, in device order
 * @param handedBy for a device handed another importer's IOVAs at import: that importer
 * @param beginReadWalked lines begin_cpu_access(DMA_FROM_DEVICE) walked (invalidated) over the run
 * @param endWriteWalked lines end_cpu_access(DMA_TO_DEVICE) walked (cleaned) over the run
 * @param dmaFailures the first failed transfer that was not an IOMMU fault, per device
 * @param gpuCoherent whether the GPU snoops the CPU cache
 * @param stopped why the run ended before its last frame (a driver's or heap's errno), or empty
 */
record Evidence(int frames, int framesCorrect, List<StageTotal> stages, List<DeviceFaults> faults,
        Map<String, String> handedBy, long beginReadWalked, long endWriteWalked,
        Map<String, MemTxResult> dmaFailures, boolean gpuCoherent, String stopped) {

    Evidence {
        stages = List.copyOf(stages);
        faults = List.copyOf(faults);
        handedBy = Map.copyOf(handedBy);
        dmaFailures = Map.copyOf(dmaFailures);
        Objects.requireNonNull(stopped, "stopped");
    }

    /** Wrong bytes of a stage; 0 for a stage the pipeline does not have. */
    long wrong(Stage stage) {
        return stages.stream().filter(s -> s.stage() == stage).mapToLong(StageTotal::wrongBytes).sum();
    }

    /** The faults of a device, if it had any. */
    DeviceFaults faultsOf(String device) {
        return faults.stream().filter(f -> f.device().equals(device)).findFirst().orElse(null);
    }

    /**
     * IOMMU faults of one device.
     *
     * @param device device name
     * @param count faults recorded
     * @param atPhysicalAddress how many of them were at a physical address of one of the run's
     *        buffers: the device was programmed with {@code sg_phys}, not with an IOVA
     * @param atLiveForeignIova how many were at an IOVA another device's domain still maps: the
     *        device was programmed with that device's addresses, which were not stale
     */
    record DeviceFaults(String device, long count, long atPhysicalAddress, long atLiveForeignIova) {
    }
}
