// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.dmabufsim.workloads.PipelineKind.CAMERA_CPU_DISPLAY;
import static org.dmabufsim.workloads.PipelineKind.CAMERA_GPU_DISPLAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dma.DmaDebugError;
import org.junit.jupiter.api.Test;

/** The default frame (1920x1080x4, 8 294 400 bytes, 2025 pages) on the default SoC, 2 frames per run. */
class FullHdTest {
    private static final int FRAME = 1920 * 1080 * 4;

    @Test
    void rule37_theKnownAnswerHoldsAt1080p() {
        List<RunResult> results = Runs.run("--frames", "2");
        for (PipelineKind p : PipelineKind.values()) {
            Runs.assertCorrect(Runs.row(results, p, "dma-heap", Flavour.UPSTREAM));
            Runs.assertCorrect(Runs.row(results, p, "ion-4.12", Flavour.UPSTREAM));
        }
        RunResult gpuDmaHeap = Runs.row(results, CAMERA_GPU_DISPLAY, "dma-heap", Flavour.UPSTREAM);
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, 3L), gpuDmaHeap.dmaDebugErrors());
        assertEquals(List.of("IOMMU faults: the camera was handed physical addresses"),
                Runs.row(results, CAMERA_CPU_DISPLAY, "ion-4.9", Flavour.UPSTREAM).causes());
        RunResult vendor = Runs.row(results, CAMERA_GPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
        assertEquals(List.of(Runs.DISPLAY_HANDED_GPU_IOVAS), vendor.causes());
        assertTrue(vendor.wrong(Stage.DISPLAY) > FRAME, "the display shows another page");
        RunResult stale = Runs.row(results, CAMERA_CPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
        assertEquals(List.of("stale CPU reads: begin_cpu_access did no invalidate"), stale.causes());
        // rule 41: 2 x 2025 pages of 64 lines cleaned when A and B were allocated
        assertEquals(2 * 2025 * 64, Runs.row(results, CAMERA_GPU_DISPLAY, "ion-4.9", Flavour.UPSTREAM).allocation()
                .linesWalked());
    }
}
