// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.dmabufsim.workloads.PipelineKind.CAMERA_CPU_DISPLAY;
import static org.dmabufsim.workloads.PipelineKind.CAMERA_GPU_DISPLAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --camera-mapping at-import}: a camera that keeps A mapped never unmaps (so never
 * invalidates) after its captures; the CPU's reads then depend on begin_cpu_access, and a coherent
 * GPU's reads on nothing at all. 5 seeds, 128x96 frames, 3 per run.
 */
class CameraMappingTest {
    private static final long LINES = KnownAnswerTest.LINES;

    private static List<RunResult> results(long seed, String era) {
        return Runs.run("--seed", Long.toString(seed), "--frames", "3", "--width", "128", "--height", "96",
                "--camera-mapping", "at-import", "--era", era);
    }

    /** Rule 42: ION v4.9's begin_cpu_access only counts kmaps; the lines of the last frame stay and are read. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule42_ion49GivesStaleCpuReadsWhenTheCameraKeepsItsMapping(long seed) {
        List<RunResult> results = results(seed, "native");
        RunResult vendor = Runs.row(results, CAMERA_CPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
        assertEquals(List.of("stale CPU reads: begin_cpu_access did no invalidate"), vendor.causes());
        assertEquals(0, vendor.wrong(Stage.CAMERA));
        assertTrue(vendor.wrong(Stage.CPU_READ) > 0);
        assertEquals(vendor.wrong(Stage.CPU_READ), vendor.endToEndWrongBytes());
        assertEquals(0, vendor.cpuAccess().beginReadWalked());
        assertEquals(0, vendor.iommuFaults());
        // rules 56, 76: ion-4.12 and dma-heap sync the camera's mapped attachment for the CPU
        for (String model : List.of("ion-4.12", "dma-heap")) {
            RunResult r = Runs.row(results, CAMERA_CPU_DISPLAY, model, Flavour.UPSTREAM);
            Runs.assertCorrect(r);
            assertEquals(3 * LINES, r.cpuAccess().beginReadWalked(), model);
        }
    }

    /**
     * Rule 97: with no CPU access there is no begin/end_cpu_access, and a camera that keeps its
     * mapping never invalidates after its writes; the IO-coherent GPU snoops the cache and reads the
     * clean lines that were there before the capture, under every model and era.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule97_theCoherentGpuReadsStaleLinesWhenTheCameraKeepsItsMapping(long seed) {
        for (String era : List.of("up-to-5.18", "from-5.19")) {
            List<RunResult> results = results(seed, era);
            for (String model : List.of("ion-4.12", "dma-heap")) {
                RunResult r = Runs.row(results, CAMERA_GPU_DISPLAY, model, Flavour.UPSTREAM);
                assertEquals(List.of("coherent GPU read stale clean lines"), r.causes(), model + " " + era);
                assertEquals(0, r.wrong(Stage.CAMERA), model + " " + era);
                assertEquals(0, r.iommuFaults(), model + " " + era);
            }
            RunResult vendor = Runs.row(results, CAMERA_GPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
            // the camera and the GPU run from the IOVAs they copied; the display is handed the GPU's
            assertEquals(List.of("coherent GPU read stale clean lines", Runs.DISPLAY_HANDED_GPU_IOVAS), vendor.causes(),
                    era);
        }
    }
}
