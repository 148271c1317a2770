// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Simulation;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleRequirement;

/**
 * The camera, display and GPU bundles in a running framework: what their manifests wire to, the
 * model services they register, and the three drivers configured in the default simulation running
 * camera -> GPU -> display, then removed without leaving anything behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceModelsIT extends HotplugSupport {
    private static final List<String> MODELS = List.of("camera", "display", "gpu");
    private static final Set<String> API = Set.of("org.dmabufsim.device", "org.dmabufsim.dma", "org.dmabufsim.dmabuf",
            "org.dmabufsim.sim");
    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");
    private static final int FRAME = 64 * 64 * 4;

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle("heap-system"), reactorBundle("heap-cma"),
                reactorBundle("device-camera"), reactorBundle("device-display"), reactorBundle("device-gpu"));
    }

    @Test
    public void bundlesAreActiveExportNothingAndImportOnlyTheCoreApi() {
        for (String model : MODELS) {
            Bundle bundle = installedBundle("org.dmabufsim.device-" + model);
            assertEquals(model, Bundle.ACTIVE, bundle.getState());
            assertNull(model, bundle.getHeaders().get(Constants.EXPORT_PACKAGE));
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            assertEquals(model, List.of(), revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE));
            Set<String> project = new TreeSet<>();
            for (BundleRequirement r : revision.getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
                String filter = r.getDirectives().get(Constants.FILTER_DIRECTIVE);
                String pkg = filter.replaceAll(".*\\(osgi\\.wiring\\.package=([^)]*)\\).*", "$1");
                if (pkg.startsWith("org.dmabufsim")) {
                    project.add(pkg);
                }
            }
            assertTrue(model + " imports " + project, API.containsAll(project));
            assertTrue(model + " imports " + project, project.contains("org.dmabufsim.device"));
        }
    }

    @Test
    public void eachBundleRegistersItsModel() throws Exception {
        for (String model : MODELS) {
            Collection<ServiceReference<DeviceModelFactory>> refs = context.getServiceReferences(
                    DeviceModelFactory.class, "(" + DeviceModelFactory.MODEL + "=" + model + ")");
            assertEquals(model, 1, refs.size());
            ServiceReference<DeviceModelFactory> ref = refs.iterator().next();
            assertEquals("org.dmabufsim.device-" + model, ref.getBundle().getSymbolicName());
            DeviceModelFactory factory = context.getService(ref);
            try {
                assertEquals(model, factory.model());
            } finally {
                context.ungetService(ref);
            }
        }
    }

    @Test
    public void configuredCameraGpuDisplayRunFramesAndLeaveNothingWhenRemoved() throws Exception {
        Simulation sim = simulationWithHeaps();
        for (String model : MODELS) {
            configure(DEVICE_PID, model + "0", "name", model + "0", "model", model,
                    "frame.width", "64", "frame.height", "64", "factory.target",
                    "(" + DeviceModelFactory.MODEL + "=" + model + ")");
        }
        await("three drivers", () -> sim.drivers().list().size() == 3);
        DmaBuf a = sim.heaps().allocate("system", FRAME, 0, ExportInfo.O_RDWR, OWNER);
        DmaBuf b = sim.heaps().allocate("reserved", FRAME, 0, ExportInfo.O_RDWR, OWNER);
        long errorsBefore = sim.dmaDebug().errorCount(DmaDebugError.OVERLAP_EEXIST);

        runFrames(sim, a, b);

        deleteConfigurations();
        await("drivers removed", () -> sim.drivers().list().isEmpty() && sim.devices().list().isEmpty());
        assertEquals(List.of(), a.attachments());
        assertEquals(List.of(), b.attachments());
        assertEquals(List.of(), sim.dmaDebug().entries());
        // the GPU's BIDIRECTIONAL mappings overlap the camera's and the display's (rule 104)
        assertEquals(Map.of(DmaDebugError.OVERLAP_EEXIST, errorsBefore + 3), sim.dmaDebug().errorCounts());
        assertEquals(Map.of(OWNER, 1L), a.references());
        a.put(OWNER);
        b.put(OWNER);
        assertTrue(a.isReleased() && b.isReleased());
    }

    /** In its own frame, so that no reference to a driver outlives the call. */
    private static void runFrames(Simulation sim, DmaBuf a, DmaBuf b) {
        DeviceDriver camera = sim.drivers().find("camera0").orElseThrow();
        DeviceDriver gpu = sim.drivers().find("gpu0").orElseThrow();
        DeviceDriver display = sim.drivers().find("display0").orElseThrow();
        ImportedBuffer capture = camera.importBuffer(a, DmaDirection.FROM_DEVICE);
        ImportedBuffer gpuIn = gpu.importBuffer(a, DmaDirection.TO_DEVICE);
        ImportedBuffer gpuOut = gpu.importBuffer(b, DmaDirection.FROM_DEVICE);
        ImportedBuffer scanout = display.importBuffer(b, DmaDirection.TO_DEVICE);
        for (long frame = 0; frame < 2; frame++) {
            assertTrue(camera.produce(capture, frame).ok());
            assertTrue(gpu.process(gpuIn, gpuOut, frame).ok());
            byte[] expected = new byte[FRAME];
            FramePattern.sensor(frame, 0, expected, FRAME);
            for (int i = 0; i < FRAME; i++) {
                expected[i] = FramePattern.gpu(expected[i]);
            }
            assertArrayEquals(expected, display.consume(scanout, frame).data());
        }
        assertFalse(a.attachments().isEmpty());
    }

    private Simulation simulationWithHeaps() throws Exception {
        Simulation sim = defaultSimulation();
        if (sim.heaps().find("system").isEmpty()) {
            configureSystemHeap();
        }
        if (sim.heaps().find("reserved").isEmpty()) {
            configure(HEAP_PID, "reserved", "name", "reserved", "type", "cma", "id", "1",
                    "cma.area", "linux,cma", "caching.model", CachingModel.DMA_HEAP,
                    "factory.target", "(dmabuf.heap.type=cma)");
        }
        await("heaps", () -> sim.heaps().find("system").isPresent() && sim.heaps().find("reserved").isPresent());
        return sim;
    }
}
