// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.camera.CameraDeviceFactory;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.common.AbstractDriver;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.device.gpu.GpuDeviceFactory;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.junit.jupiter.api.Test;

/** camera -> GPU -> display, 1080p, the three models together. */
class PipelineTest {
    private static final int FRAME = 1920 * 1080 * 4;
    private static final DeviceConfig CAMERA = DeviceConfig.of("camera0", "camera");

    private static byte[] expected(long frame) {
        byte[] b = new byte[FRAME];
        FramePattern.sensor(frame, 0, b, FRAME);
        for (int i = 0; i < FRAME; i++) {
            b[i] = FramePattern.gpu(b[i]);
        }
        return b;
    }

    /** camera0, gpu0 and display0 of {@code f}, with a frame buffer A in the system heap and B in the CMA heap. */
    private record Pipeline(AbstractDriver camera, AbstractDriver gpu, AbstractDriver display, DmaBuf a, DmaBuf b) {
        static Pipeline of(DeviceFixture f, DeviceConfig camera, DeviceConfig gpu) {
            return new Pipeline(f.driver(new CameraDeviceFactory(), camera), f.driver(new GpuDeviceFactory(), gpu),
                    f.driver(new DisplayDeviceFactory(), DeviceConfig.of("display0", "display")),
                    f.alloc(SYSTEM, FRAME), f.alloc(RESERVED, FRAME));
        }

        static Pipeline of(DeviceFixture f, DeviceConfig camera) {
            return of(f, camera, DeviceConfig.of("gpu0", "gpu"));
        }

        /** The camera writes A, the GPU reads A and writes B, the display reads B. */
        Imports importAll() {
            return new Imports(camera.importBuffer(a, DmaDirection.FROM_DEVICE),
                    gpu.importBuffer(a, DmaDirection.TO_DEVICE), gpu.importBuffer(b, DmaDirection.FROM_DEVICE),
                    display.importBuffer(b, DmaDirection.TO_DEVICE));
        }
    }

    private record Imports(ImportedBuffer capture, ImportedBuffer gpuIn, ImportedBuffer gpuOut,
            ImportedBuffer scanout) {
    }

    @Test
    void cameraGpuDisplayIsCorrectUnderDmaHeap() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            Pipeline p = Pipeline.of(f, CAMERA);
            runTwoFrames(p, p.importAll());
            // rules 57c, 104: the GPU's BIDIRECTIONAL mapping of A is live while the camera maps it
            // FROM_DEVICE (once per frame), and the display maps B BIDIRECTIONAL over the GPU's
            // mapping: dma-debug reports each overlap of the first cache line, as the kernel does
            assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, 3L), f.sim().dmaDebug().errorCounts());
        }
    }

    /**
     * ION after the rework maps each attachment's own table with {@code dma_map_sg}, which leaves
     * {@code sgt->nents} at {@code orig_nents}: the importers walk the entries up to the first DMA
     * length of 0 (past the IOMMU's merged segment) and the frames are correct.
     */
    @Test
    void rule55_cameraGpuDisplayIsCorrectUnderIon412() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.ION_4_12)) {
            Pipeline p = Pipeline.of(f, CAMERA);
            Imports in = p.importAll();
            SgTable gpuTable = p.gpu().mappedTable(in.gpuIn()).orElseThrow();
            assertEquals(gpuTable.origNents(), gpuTable.nents());
            assertEquals(FRAME, gpuTable.get(0).dmaLength());
            assertEquals(0, gpuTable.get(1).dmaLength());
            runTwoFrames(p, in);
        }
    }

    /** Frames 0 and 1 through the pipeline: each step succeeds and the display shows the GPU's output. */
    private static void runTwoFrames(Pipeline p, Imports in) {
        for (long frame = 0; frame < 2; frame++) {
            assertTrue(p.camera().produce(in.capture(), frame).ok());
            assertTrue(p.gpu().process(in.gpuIn(), in.gpuOut(), frame).ok());
            assertArrayEquals(expected(frame), p.display().consume(in.scanout(), frame).data(), "frame " + frame);
        }
    }

    /**
     * Why the camera maps per frame: a non-coherent camera that keeps its FROM_DEVICE mapping never
     * gets the invalidate of {@code dma_unmap} after its write (rule 97), so the lines the heap's
     * zeroing left in the cache stay there, clean and stale, and the IO-coherent GPU, which snoops
     * the cache, reads those zeros instead of the camera's pixels (under any caching model: no CPU
     * access, no begin/end_cpu_access).
     */
    @Test
    void rule97_aCameraThatKeepsItsMappingLeavesStaleLinesForTheCoherentGpu() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            Pipeline p = Pipeline.of(f, CAMERA.with("mapping.policy", "at-import"));
            Imports in = p.importAll();
            assertTrue(p.camera().produce(in.capture(), 0).ok());
            assertTrue(p.gpu().process(in.gpuIn(), in.gpuOut(), 0).ok());

            byte[] shown = p.display().consume(in.scanout(), 0).data();

            byte[] expected = expected(0);
            int stale = 0;
            for (int i = 0; i < FRAME; i++) {
                if (shown[i] != expected[i]) {
                    assertEquals(FramePattern.gpu((byte) 0), shown[i], "byte " + i);
                    stale++;
                }
            }
            assertTrue(stale > 0, "no stale line");
        }
    }

    /**
     * The v4.9 vendor flavour: the IOMMU importers map ION's shared tables themselves, writing their
     * IOVAs into them. Each driver copies the DMA addresses into its descriptors when it maps (as vb2
     * and DRM PRIME do), so the importers that mapped keep working; the display, which trusts the
     * table and imports B after the GPU mapped it, is handed the GPU's IOVA and scans out whatever
     * its 32 address bits reach; and the GPU's dma_unmap_sg at release passes the camera's stale
     * IOVAs, which dma-debug reports.
     */
    @Test
    void rule37_ion49VendorImportersOverwriteEachOthersAddressesInTheSharedTables() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.ION_4_9)) {
            Pipeline p = Pipeline.of(f, CAMERA.with("import.mode", "map-table"),
                    DeviceConfig.of("gpu0", "gpu").with("import.mode", "map-table"));
            AbstractDriver camera = p.camera();
            AbstractDriver gpu = p.gpu();
            AbstractDriver display = p.display();
            DmaBuf a = p.a();
            DmaBuf b = p.b();
            ImportedBuffer capture = camera.importBuffer(a, DmaDirection.FROM_DEVICE);
            ImportedBuffer gpuIn = gpu.importBuffer(a, DmaDirection.TO_DEVICE);
            ImportedBuffer gpuOut = gpu.importBuffer(b, DmaDirection.FROM_DEVICE);
            SgTable bTable = gpu.mappedTable(gpuOut).orElseThrow();
            long gpuIova = bTable.get(0).dmaAddress();
            long bPhys = bTable.get(0).phys();
            assertNotEquals(bPhys, gpuIova);
            assertTrue(gpuIova > 0xffff_ffffL, "the GPU's 40-bit IOVA");
            assertEquals(bPhys, gpu.device().iommu().orElseThrow().translate(gpuIova).orElseThrow().translatedAddr());

            ImportedBuffer scanout = display.importBuffer(b, DmaDirection.TO_DEVICE);
            assertSame(bTable, display.mappedTable(scanout).orElseThrow());
            assertEquals(gpuIova, display.mappedTable(scanout).orElseThrow().get(0).dmaAddress());

            assertTrue(camera.produce(capture, 0).ok());
            assertTrue(gpu.mappedTable(gpuIn).orElseThrow().get(0).dmaAddress() <= 0xffff_ffffL,
                    "the camera's IOVA is now in A's table");
            FrameResult processed = gpu.process(gpuIn, gpuOut, 0);
            assertTrue(processed.ok(), "the GPU runs from the IOVAs it copied at import");
            byte[] sensor = new byte[FRAME];
            FramePattern.sensor(0, 0, sensor, FRAME);
            assertArrayEquals(sensor, processed.data());
            assertEquals(List.of(), gpu.device().iommu().orElseThrow().faults());

            byte[] inB = new byte[FRAME];
            f.sim().memory().readDram(bPhys, inB, 0, FRAME);
            byte[] atAlias = new byte[FRAME];
            f.sim().memory().readDram(gpuIova & 0xffff_ffffL, atAlias, 0, FRAME);
            byte[] shown = display.consume(scanout, 0).data();
            assertArrayEquals(atAlias, shown, "the display scans out lower_32_bits of the GPU's IOVA");
            assertFalse(Arrays.equals(inB, shown), "not B");

            gpu.release(gpuIn);
            assertEquals(1L, f.sim().dmaDebug().errorCounts().get(DmaDebugError.UNMAP_NOT_ALLOCATED));
        }
    }
}
