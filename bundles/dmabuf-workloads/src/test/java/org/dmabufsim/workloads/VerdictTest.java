// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.workloads.Evidence.DeviceFaults;
import org.dmabufsim.workloads.StageCheck.StageTotal;
import org.junit.jupiter.api.Test;

/** The verdict's wording from hand-made evidence: one cause per wrong stage, in pipeline order. */
class VerdictTest {
    private static final List<Stage> CPU = List.of(Stage.CAMERA, Stage.CPU_READ, Stage.CPU_WRITE, Stage.DISPLAY);
    private static final List<Stage> GPU = List.of(Stage.CAMERA, Stage.GPU_READ, Stage.GPU_WRITE, Stage.DISPLAY);

    private static List<StageTotal> wrong(List<Stage> stages, Stage... bad) {
        List<StageTotal> out = new ArrayList<>();
        for (Stage s : stages) {
            boolean isBad = List.of(bad).contains(s);
            out.add(new StageTotal(s, isBad ? 100 : 0, isBad ? 1 : 0));
        }
        return out;
    }

    private static Evidence evidence(List<StageTotal> stages, List<DeviceFaults> faults, Map<String, String> by,
            long beginWalked, long endWalked, Map<String, MemTxResult> failures) {
        boolean anyWrong = stages.stream().anyMatch(s -> s.wrongBytes() > 0);
        return new Evidence(4, anyWrong ? 0 : 4, stages, faults, by, beginWalked, endWalked, failures, true, "");
    }

    @Test
    void nothingWrongIsCorrect() {
        List<String> causes = Verdict.causes(evidence(wrong(CPU), List.of(), Map.of(), 0, 0, Map.of()));
        assertEquals(List.of("correct"), causes);
        assertTrue(Verdict.isCorrect(causes));
    }

    @Test
    void rule37_faultsAtPhysicalAddressesMeanTheDevicesWereHandedPhysicalAddresses() {
        assertEquals(List.of("IOMMU faults: the camera was handed physical addresses"),
                Verdict.causes(evidence(wrong(CPU, Stage.CAMERA), List.of(new DeviceFaults("camera0", 4, 4, 0)),
                        Map.of(), 0, 0, Map.of())));
        assertEquals(List.of("IOMMU faults: the camera and the GPU were handed physical addresses"),
                Verdict.causes(evidence(wrong(GPU, Stage.CAMERA, Stage.GPU_READ, Stage.GPU_WRITE),
                        List.of(new DeviceFaults("camera0", 4, 4, 0), new DeviceFaults("gpu0", 4, 4, 0)), Map.of(),
                        0, 0, Map.of())));
    }

    @Test
    void rule37_faultsThroughAnOverwrittenTableNameWhoseIovasTheyWere() {
        List<String> causes = Verdict.causes(evidence(wrong(GPU, Stage.GPU_READ, Stage.GPU_WRITE, Stage.DISPLAY),
                List.of(new DeviceFaults("gpu0", 4, 0, 0)), Map.of("gpu0", "camera0", "display0", "gpu0"), 0, 0,
                Map.of("display0", MemTxResult.DECODE_ERROR)));
        assertEquals(List.of("IOMMU faults: the GPU used the camera's stale IOVAs: the shared table was overwritten",
                "the display was handed the GPU's IOVAs as bus addresses: the shared table was overwritten"), causes);
        assertEquals(List.of("IOMMU faults: the camera used the GPU's IOVAs: the shared table was overwritten"),
                Verdict.causes(evidence(wrong(GPU, Stage.CAMERA), List.of(new DeviceFaults("camera0", 4, 0, 4)),
                        Map.of("camera0", "gpu0"), 0, 0, Map.of())));
        assertEquals(List.of("IOMMU faults: the GPU used IOVAs it had not mapped"),
                Verdict.causes(evidence(wrong(GPU, Stage.GPU_WRITE), List.of(new DeviceFaults("gpu0", 1, 0, 0)),
                        Map.of(), 0, 0, Map.of())));
    }

    @Test
    void rule37_aDisplayHandedAnotherImportersIovasSaysWhose() {
        Evidence e = new Evidence(4, 0, wrong(GPU, Stage.DISPLAY), List.of(), Map.of("display0", "gpu0"), 0, 0,
                Map.of(), true, "");
        assertEquals(List.of("the display was handed the GPU's IOVAs as bus addresses: the shared table was"
                + " overwritten"), Verdict.causes(e));
        Evidence camera = new Evidence(4, 0, wrong(GPU, Stage.CAMERA), List.of(new DeviceFaults("camera0", 4, 0, 4)),
                Map.of("camera0", "gpu0"), 0, 0, Map.of(), true, "");
        assertEquals(List.of("IOMMU faults: the camera used the GPU's IOVAs: the shared table was overwritten"),
                Verdict.causes(camera));
    }

    @Test
    void rule42_staleReadsAndLostWritesSayWhetherBeginAndEndDidMaintenance() {
        assertEquals(List.of("stale CPU reads: begin_cpu_access did no invalidate",
                "CPU writes stuck in the cache: end_cpu_access did no clean"),
                Verdict.causes(evidence(wrong(CPU, Stage.CPU_READ, Stage.CPU_WRITE), List.of(), Map.of(), 0, 0,
                        Map.of())));
        assertEquals(List.of("stale CPU reads although begin_cpu_access walked 128 lines",
                "CPU writes lost although end_cpu_access walked 64 lines"),
                Verdict.causes(evidence(wrong(CPU, Stage.CPU_READ, Stage.CPU_WRITE), List.of(), Map.of(), 128, 64,
                        Map.of())));
    }

    @Test
    void rule97_aGpuThatReadsWrongWithoutFaultsReadStaleLines() {
        assertEquals(List.of("coherent GPU read stale clean lines"),
                Verdict.causes(evidence(wrong(GPU, Stage.GPU_READ), List.of(), Map.of(), 0, 0, Map.of())));
        Evidence nonCoherent = new Evidence(4, 0, wrong(GPU, Stage.GPU_READ, Stage.GPU_WRITE), List.of(), Map.of(), 0,
                0, Map.of(), false, "");
        assertEquals(List.of("the GPU read stale data", "the GPU's output did not reach DRAM"),
                Verdict.causes(nonCoherent));
    }

    @Test
    void displayAndCameraFailuresWithoutOtherEvidence() {
        assertEquals(List.of("the camera's frames did not reach DRAM", "display DMA failed (DECODE_ERROR)"),
                Verdict.causes(evidence(wrong(CPU, Stage.CAMERA, Stage.DISPLAY), List.of(), Map.of(), 0, 0,
                        Map.of("display0", MemTxResult.DECODE_ERROR))));
        assertEquals(List.of("display scanned out data that was not in DRAM"),
                Verdict.causes(evidence(wrong(CPU, Stage.DISPLAY), List.of(), Map.of(), 0, 0, Map.of())));
    }

    @Test
    void aRunThatStoppedSaysWhereAfterWhatItFound() {
        Evidence e = new Evidence(4, 0, wrong(CPU, Stage.CPU_READ), List.of(), Map.of(), 0, 0, Map.of(), true,
                "stopped at frame 2: EIO: refused");
        assertEquals(List.of("stale CPU reads: begin_cpu_access did no invalidate", "stopped at frame 2: EIO: refused"),
                Verdict.causes(e));
        Evidence atImport = new Evidence(4, 0, wrong(CPU), List.of(), Map.of(), 0, 0, Map.of(), true,
                "stopped at the imports: EIO: refused");
        assertEquals(List.of("stopped at the imports: EIO: refused"), Verdict.causes(atImport));
    }

    @Test
    void wrongFramesWithoutAWrongStageAreNotCalledCorrect() {
        Evidence e = new Evidence(4, 3, wrong(CPU), List.of(), Map.of(), 0, 0, Map.of(), true, "");
        List<String> causes = Verdict.causes(e);
        assertEquals(List.of("wrong frames, cause not attributed"), causes);
        assertFalse(Verdict.isCorrect(causes));
    }
}
