// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.dmabufsim.workloads.PipelineKind.CAMERA_CPU_DISPLAY;
import static org.dmabufsim.workloads.PipelineKind.CAMERA_GPU_DISPLAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufsim.dma.DmaDebugError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The known answer, on 5 seeds: v4.9 fails with the IOMMU camera and with two importers; ion-4.12 and
 * dma-heap are correct on both pipelines. Frames of 128x96x4 (12 pages), 3 per run; exact counts.
 */
class KnownAnswerTest {
    static final int FRAMES = 3;
    static final int FRAME = 128 * 96 * 4;
    static final long LINES = FRAME / 64;
    private static final Map<Long, List<RunResult>> RESULTS = new ConcurrentHashMap<>();

    static List<RunResult> results(long seed) {
        return RESULTS.computeIfAbsent(seed, s -> Runs.run("--seed", Long.toString(s), "--frames", "3", "--width",
                "128", "--height", "96"));
    }

    /** Bytes of the first {@link #FRAMES} sensor frames that are not 0: what a camera that wrote nothing got wrong. */
    static long nonZeroSensorBytes() {
        long n = 0;
        for (int f = 0; f < FRAMES; f++) {
            for (byte b : Frames.sensor(f, FRAME)) {
                n += b != 0 ? 1 : 0;
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void dmaHeapIsCorrectOnBothPipelinesAndWarnsOnlyOfOverlaps(long seed) {
        RunResult cpu = Runs.row(results(seed), CAMERA_CPU_DISPLAY, "dma-heap", Flavour.UPSTREAM);
        Runs.assertCorrect(cpu);
        assertEquals(Map.of(), cpu.dmaDebugErrors());
        RunResult gpu = Runs.row(results(seed), CAMERA_GPU_DISPLAY, "dma-heap", Flavour.UPSTREAM);
        Runs.assertCorrect(gpu);
        // rule 104: display0 maps B over gpu0's mapping once, camera0 maps A over gpu0's every frame
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, FRAMES + 1L), gpu.dmaDebugErrors());
        assertEquals(Map.of("camera0", (long) FRAMES, "display0", 1L), gpu.overlapsByDevice());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule76_dmaHeapSyncsOnlyMappedAttachments(long seed) {
        RunResult cpu = Runs.row(results(seed), CAMERA_CPU_DISPLAY, "dma-heap", Flavour.UPSTREAM);
        // the camera is unmapped when the CPU reads A: nothing to sync; the display keeps B mapped: cleaned
        assertEquals(0, cpu.cpuAccess().beginReadWalked());
        assertEquals(FRAMES * LINES, cpu.cpuAccess().endWriteWalked());
        assertEquals(0, cpu.allocation().linesWalked());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule37_ion49UpstreamHandsTheIommuCameraPhysicalAddresses(long seed) {
        RunResult cpu = Runs.row(results(seed), CAMERA_CPU_DISPLAY, "ion-4.9", Flavour.UPSTREAM);
        assertEquals(List.of("IOMMU faults: the camera was handed physical addresses"), cpu.causes());
        assertEquals(0, cpu.framesCorrect());
        assertEquals(FRAMES, cpu.iommuFaults());
        assertEquals(nonZeroSensorBytes(), cpu.wrong(Stage.CAMERA));
        assertEquals(0, cpu.wrong(Stage.CPU_READ) + cpu.wrong(Stage.CPU_WRITE) + cpu.wrong(Stage.DISPLAY));
        assertEquals(nonZeroSensorBytes(), cpu.endToEndWrongBytes());
        RunResult gpu = Runs.row(results(seed), CAMERA_GPU_DISPLAY, "ion-4.9", Flavour.UPSTREAM);
        assertEquals(List.of("IOMMU faults: the camera and the GPU were handed physical addresses"), gpu.causes());
        assertEquals(2 * FRAMES, gpu.iommuFaults());
        assertEquals((long) FRAMES * FRAME, gpu.wrong(Stage.GPU_READ));
        assertEquals(Map.of(), gpu.dmaDebugErrors());
    }

    /**
     * Two importers of one buffer (rule 37): the vendor GPU dma_map_sg's the shared tables of A and B,
     * writing its IOVAs into them. Each driver programs its device from the addresses it copied when
     * it mapped, so the camera and the GPU use their own; the display, which trusts the table and
     * imports B after the GPU, is handed the GPU's IOVAs and scans out what their lower 32 bits
     * address. At release the camera's dma_unmap_sg passes A's table as it is now: the GPU's IOVA
     * (rule 100, not allocated) and DMA_MAPPING_ERROR in every entry past the merged segment. The
     * camera keeps A mapped and nothing invalidates it after a capture, so the coherent GPU also
     * reads stale clean lines of these small frames (rule 97).
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule37_ion49VendorImportersOverwriteEachOthersAddresses(long seed) {
        RunResult gpu = Runs.row(results(seed), CAMERA_GPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
        assertEquals(List.of("coherent GPU read stale clean lines", Runs.DISPLAY_HANDED_GPU_IOVAS), gpu.causes());
        assertEquals(0, gpu.framesCorrect());
        assertEquals(0, gpu.iommuFaults());
        assertEquals(0, gpu.wrong(Stage.CAMERA));
        assertTrue(gpu.wrong(Stage.DISPLAY) > FRAMES * FRAME / 2, "the display shows another page");
        assertTrue(gpu.endToEndWrongBytes() > FRAMES * FRAME / 2);
        assertEquals(1L, gpu.dmaDebugErrors().get(DmaDebugError.UNMAP_NOT_ALLOCATED));
        assertEquals(1L, gpu.dmaDebugErrors().get(DmaDebugError.OVERLAP_EEXIST));
        assertTrue(gpu.dmaDebugErrors().get(DmaDebugError.UNMAP_INVALID_ADDRESS) > 0);
        // rule 104: gpu0 maps A over camera0's DMA_FROM_DEVICE mapping; the display maps nothing itself
        assertEquals(Map.of("gpu0", 1L), gpu.overlapsByDevice());
    }

    /**
     * Device-to-CPU data has no invalidate: the vendor camera maps ION's table once and keeps it, so
     * nothing but begin_cpu_access could invalidate A after a capture, and ION v4.9's does nothing
     * (rule 42). Its dma_map_sg at import invalidated A once, so the first frame is read right and the
     * later ones from the lines the CPU's reads left in the cache. B is write-combine for the CPU (ION's
     * v4.9 CMA heap refuses ION_FLAG_CACHED) and reaches the display correctly.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule42_ion49VendorCpuReadsAreStaleBecauseBeginCpuAccessDoesNoInvalidate(long seed) {
        RunResult cpu = Runs.row(results(seed), CAMERA_CPU_DISPLAY, "ion-4.9", Flavour.V49_VENDOR);
        assertEquals(CameraMapping.AT_IMPORT, cpu.spec().cameraMapping());
        assertEquals(List.of("stale CPU reads: begin_cpu_access did no invalidate"), cpu.causes());
        assertTrue(cpu.framesCorrect() < FRAMES);
        assertEquals(0, cpu.wrong(Stage.CAMERA));
        assertTrue(cpu.wrong(Stage.CPU_READ) > 0);
        assertEquals(0, cpu.wrong(Stage.CPU_WRITE) + cpu.wrong(Stage.DISPLAY));
        assertEquals(cpu.wrong(Stage.CPU_READ), cpu.endToEndWrongBytes());
        assertEquals(0, cpu.iommuFaults());
        assertEquals(Map.of(), cpu.dmaDebugErrors());
        assertEquals(0, cpu.cpuAccess().allWalked());
    }

    /**
     * ion-4.12 maps every attachment's own table with dma_map_sg (no shared addresses) and syncs
     * every attachment in begin/end_cpu_access, mapped or not (rule 57a): correct on both pipelines,
     * at the price of walking the unmapped camera's A at every begin and end.
     */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule57a_ion412IsCorrectOnBothPipelinesAndSyncsTheUnmappedCamera(long seed) {
        RunResult cpu = Runs.row(results(seed), CAMERA_CPU_DISPLAY, "ion-4.12", Flavour.UPSTREAM);
        Runs.assertCorrect(cpu);
        assertEquals(Map.of(), cpu.dmaDebugErrors());
        assertEquals(FRAMES * LINES, cpu.cpuAccess().beginReadWalked());
        // begin(A) and end(A) for camera0, end(B) for display0; begin(B, TO_DEVICE) walks nothing (rule 95)
        assertEquals(3 * FRAMES * LINES, cpu.cpuAccess().allWalked());
        RunResult gpu = Runs.row(results(seed), CAMERA_GPU_DISPLAY, "ion-4.12", Flavour.UPSTREAM);
        Runs.assertCorrect(gpu);
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, FRAMES + 1L), gpu.dmaDebugErrors());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 2, 3, 42})
    void rule41_onlyIon49FlushesAtAllocation(long seed) {
        for (RunResult r : results(seed)) {
            long expected = r.spec().model().equals("ion-4.9") ? 2 * LINES : 0;
            assertEquals(expected, r.allocation().linesWalked(), r.spec().toString());
        }
        assertTrue(results(seed).size() == 8, "two pipelines x (ion-4.9 twice, ion-4.12, dma-heap)");
    }
}
