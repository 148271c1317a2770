// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.dmabufsim.device.camera.CameraDeviceFactory;
import org.dmabufsim.device.display.DisplayDeviceFactory;
import org.dmabufsim.device.gpu.GpuDeviceFactory;
import org.dmabufsim.heap.system.SystemHeapFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The job's text: structure, width, determinism, help and errors. */
class ComparisonReportTest {
    private static final String[] SMALL = {"--frames", "2", "--width", "64", "--height", "64", "--seed", "5"};
    private static String report;

    @BeforeAll
    static void run() {
        report = new CachingModelComparison(TestFactories.all()).run(SMALL);
    }

    @Test
    void theHeaderLineNamesSeedFramesSizeAndModels() {
        assertEquals("dmabuf-sim caching-model comparison: seed 5, 2 frames of 64x64x4 (16384 bytes), models ion-4.9,"
                + " ion-4.12, dma-heap", report.lines().findFirst().orElseThrow());
        assertTrue(report.contains("\nera native: ion-4.9, ion-4.12 on arm64 v4.x-v5.18; dma-heap on arm64 v5.19+;"),
                report);
    }

    @Test
    void everyPipelineAndEveryModelHasItsRows() {
        for (PipelineKind p : PipelineKind.values()) {
            assertTrue(report.contains("\n" + p.title() + "\n"), p.title());
        }
        for (String row : List.of("ion-4.9 upstream", "ion-4.9 vendor", "ion-4.12 upstream",
                "dma-heap upstream")) {
            assertEquals(2, verdicts(report).stream().filter(l -> l.startsWith("  " + row + " ")).count(), row);
        }
        assertTrue(report.contains("\nanswer "), report);
        assertTrue(report.contains("  Overall: ion-4.9 is correct on no pipeline; ion-4.12 is correct on every"
                + " pipeline; dma-heap is correct on every\n    pipeline.\n"), report);
    }

    @Test
    void theAnswerSaysWhyTheCorrectRunsAreCorrect() {
        String text = report.replaceAll("\\s+", " ");
        assertTrue(text.contains(" Why ion-4.12 upstream is correct: on camera -> CPU -> display the IOMMU importers"
                + " used IOVAs they had mapped (4 IOMMU pages mapped per frame, imports included) and none was handed"
                + " another importer's IOVAs, begin/end_cpu_access walked 768 lines per frame, 256 of them in"
                + " begin_cpu_access(DMA_FROM_DEVICE) on A for the camera's attachment although it was not"
                + " mapped;"), text);
        assertTrue(text.contains(" Why dma-heap upstream is correct: on camera -> CPU -> display the IOMMU importers"
                + " used IOVAs they had mapped (4 IOMMU pages mapped per frame, imports included) and none was handed"
                + " another importer's IOVAs, begin/end_cpu_access walked 256 lines per frame, 0 of them in"
                + " begin_cpu_access(DMA_FROM_DEVICE) on A: the camera's dma_unmap after each frame had invalidated"
                + " A;"), text);
        assertTrue(text.contains(" Allocation of A and B: ion-4.9 walks 512 lines"), text);
    }

    @Test
    void plainTextOfAtMost120Columns() {
        report.lines().forEach(l -> assertTrue(l.length() <= ComparisonReport.WIDTH, l));
        assertFalse(report.contains("\t"));
        assertFalse(report.contains("\u001b"));
        report.lines().forEach(l -> assertEquals(l.stripTrailing(), l));
        assertTrue(report.chars().allMatch(c -> c == '\n' || (c >= ' ' && c < 127)), "ASCII only");
    }

    @Test
    void everyOptionStillFits120Columns() {
        String all = new CachingModelComparison(TestFactories.all()).run(new String[] {"--frames", "1", "--width", "64",
            "--height", "64", "--adversarial", "--era", "from-5.19", "--camera-mapping", "at-import"});
        all.lines().forEach(l -> assertTrue(l.length() <= ComparisonReport.WIDTH, l));
        assertTrue(all.contains("the cache is adversarial"), all);
        assertTrue(all.contains("camera0: kept mapped from import in every run (--camera-mapping)"), all);
    }

    @Test
    void theSameSeedGivesTheSameTextSequentialOrParallel() {
        String sequential = new CachingModelComparison(TestFactories.all(), 1).run(SMALL);
        String parallel = new CachingModelComparison(TestFactories.all(), 2).run(SMALL);
        String four = new CachingModelComparison(TestFactories.all(), 4).run(SMALL);
        assertEquals(report, sequential);
        assertEquals(report, parallel);
        assertEquals(report, four);
    }

    @Test
    void anotherSeedGivesAnotherHeaderAndTheSameVerdicts() {
        String other = new CachingModelComparison(TestFactories.all()).run("--frames", "2", "--width", "64", "--height",
                "64", "--seed", "6");
        assertNotEquals(report, other);
        assertEquals(8, verdicts(report).size() - 1, "8 runs, one verdict wrapped onto a second line");
        assertEquals(verdicts(report), verdicts(other));
    }

    /** The lines of the "verdict (data)" sections. */
    private static List<String> verdicts(String text) {
        List<String> out = new java.util.ArrayList<>();
        boolean in = false;
        for (String line : text.lines().toList()) {
            in = line.equals("  verdict (data)") || (in && !line.isEmpty());
            if (in && !line.equals("  verdict (data)")) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void helpListsTheUsageAndTheBoundFactories() {
        String help = new CachingModelComparison(TestFactories.all()).run("--help");
        assertTrue(help.startsWith(JobArgs.USAGE), help);
        assertTrue(help.endsWith("heap types: cma, system; device models: camera, display, gpu\n"), help);
    }

    @Test
    void badArgumentsAndUnknownModelsThrowWithTheUsage() {
        CachingModelComparison job = new CachingModelComparison(TestFactories.all());
        UsageException bad = assertThrows(UsageException.class, () -> job.run("--frames", "many"));
        assertTrue(bad.getMessage().contains(JobArgs.USAGE));
        UsageException unknown = assertThrows(UsageException.class, () -> job.run("--models", "ion-3.0"));
        assertEquals("--models: no caching model ion-3.0 (known: dma-heap, ion-4.12, ion-4.9)", unknown.problem());
    }

    @Test
    void missingFactoriesAreNamed() {
        CachingModelComparison job = new CachingModelComparison(Factories.of(List.of(new SystemHeapFactory()),
                List.of(new CameraDeviceFactory(), new DisplayDeviceFactory())));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> job.run("--frames", "1"));
        assertTrue(e.getMessage().startsWith("the main job needs heap type cma, device model gpu:"), e.getMessage());
        assertTrue(job.run("--help").endsWith("heap types: system; device models: camera, display\n"));
    }

    @Test
    void theComponentIsTheJobWithTheFactoriesItWasGiven() {
        Function<String[], String> component = new MainJobComponent(
                List.of(new SystemHeapFactory(), new org.dmabufsim.heap.cma.CmaHeapFactory()),
                List.of(new CameraDeviceFactory(), new DisplayDeviceFactory(), new GpuDeviceFactory()));
        assertEquals(report, component.apply(SMALL));
    }
}
