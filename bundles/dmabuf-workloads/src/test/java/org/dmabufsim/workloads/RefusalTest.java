// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.camera.CameraDeviceFactory;
import org.dmabufsim.device.display.DisplayDeviceFactory;
import org.dmabufsim.device.gpu.GpuDeviceFactory;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.heap.cma.CmaHeapFactory;
import org.dmabufsim.heap.system.SystemHeapFactory;
import org.dmabufsim.sim.Simulation;
import org.junit.jupiter.api.Test;

/** A driver that refuses a buffer ends its run; the report says where and why, and the other runs go on. */
class RefusalTest {

    /** The display model with a 24-bit DMA mask: nothing of the default SoC's DRAM is below 16 MiB. */
    private static final class NarrowDisplayFactory implements DeviceModelFactory {
        @Override
        public String model() {
            return DisplayDeviceFactory.MODEL;
        }

        @Override
        public DeviceDriver create(DriverContext context) {
            DeviceConfig narrow = context.config().with("dma.mask.bits", "24");
            return new DisplayDeviceFactory().create(new DriverContext() {
                @Override
                public Simulation sim() {
                    return context.sim();
                }

                @Override
                public DeviceConfig config() {
                    return narrow;
                }

                @Override
                public DmaDevice openDevice(DeviceSpec spec) {
                    return context.openDevice(spec);
                }
            });
        }
    }

    @Test
    void aDisplayThatCannotReachBStopsTheRunAtTheImports() {
        Factories factories = Factories.of(List.of(new SystemHeapFactory(), new CmaHeapFactory()),
                List.of(new CameraDeviceFactory(), new NarrowDisplayFactory(), new GpuDeviceFactory()));
        JobArgs args = JobArgs.parse("--frames", "1", "--width", "64", "--height", "64", "--models", "dma-heap");
        List<RunResult> results = new CachingModelComparison(factories).runAll(CachingModelComparison.plan(args), args);
        assertEquals(2, results.size());
        for (RunResult r : results) {
            assertEquals(1, r.causes().size(), r.causes().toString());
            assertTrue(r.causes().get(0).startsWith("stopped at the imports: E"), r.causes().get(0));
            assertEquals(0, r.framesCorrect());
            assertFalse(r.correct());
        }
        String report = ComparisonReport.format(args, results);
        assertTrue(report.contains("no model is correct."), report);
    }
}
