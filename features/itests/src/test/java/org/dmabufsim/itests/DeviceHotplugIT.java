// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * Device bundles going away while their drivers hold buffers (rule 105; H3 of the reliability
 * notes). (a) The camera bundle stopped with imports, one of them mapped: its drivers clean up, no
 * dma-debug report, the buffers keep their frames for the GPU. (b) The leaky fixture, one instance
 * behind an IOMMU and one 32-bit dma-direct instance that bounces through swiotlb, stopped with
 * live mappings: after its deactivate the core reports the kernel's leak once per device with the
 * right count, force-unmaps, frees the IOVA ranges and bounce slots, and the buffers stay intact
 * for the GPU; the uninstalled fixture leaves nothing reachable. (c) The camera bundle updated to a
 * new revision (the fixture {@code device-fixture-camera2}) while a buffer it captured into lives:
 * the new revision's driver, re-created from the same configuration, re-attaches and reads the frame.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DeviceHotplugIT extends HotplugSupport {
    private static final String CAMERA_BSN = "org.dmabufsim.device-camera";
    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");
    private static final int EDGE = 128;
    private static final int LEN = EDGE * EDGE * 4;
    private static final String LEAKY = "device-fixture-leaky";
    private static final String REVISION_LINE = "camera camera0: revision 0.1.1, reprocess input";

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle("heap-system"), reactorBundle("device-camera"),
                reactorBundle("device-gpu"));
    }

    @Test
    public void a_rule105_stoppedCameraBundleUnmapsAndDetachesWithoutReport() throws Exception {
        Simulation sim = configured("camera0", "camera1");
        DmaBuf a = allocate(sim);
        DmaBuf b = allocate(sim);
        capture(sim, "camera0", a, 3);
        capture(sim, "camera1", b, 4);
        // camera0 maps per frame (vb2): attached only; camera1 maps at import: still mapped
        assertEquals(0, sim.dmaDebug().entries("camera0").size());
        assertEquals(1, sim.dmaDebug().entries("camera1").size());
        assertEquals(Map.of(OWNER, 1L, Owner.device("camera0"), 1L), a.references());
        long errors = sim.dmaDebug().errorCount();
        int pendingLines = sim.log().grep(LeakyMappings.PENDING).size();
        Bundle camera = installedBundle(CAMERA_BSN);

        camera.stop();
        try {
            assertEquals(List.of("gpu0"), sim.drivers().list().stream().map(DeviceDriver::name).toList());
            assertTrue(sim.devices().find("camera0").isEmpty() && sim.devices().find("camera1").isEmpty());
            assertEquals(errors, sim.dmaDebug().errorCount());
            assertEquals(List.of(), sim.dmaDebug().reports("camera0"));
            assertEquals(List.of(), sim.dmaDebug().reports("camera1"));
            assertEquals(pendingLines, sim.log().grep(LeakyMappings.PENDING).size());
            assertEquals(List.of(), sim.dmaDebug().entries());
            for (DmaBuf buffer : List.of(a, b)) {
                assertEquals(List.of(), buffer.attachments());
                assertEquals(Map.of(OWNER, 1L), buffer.references());
            }
            assertArrayEquals(sensor(3), read(sim, "gpu0", a));
            assertArrayEquals(sensor(4), read(sim, "gpu0", b));
        } finally {
            camera.start();
        }

        await("camera drivers back", () -> sim.drivers().list().size() == 3);
        a.put(OWNER);
        b.put(OWNER);
        assertTrue(a.isReleased() && b.isReleased());
    }

    @Test
    public void b_rule105_leakyFixtureStoppedWithIommuAndBouncedMappingsIsCleanedUpByTheCore() throws Exception {
        Simulation sim = configured();
        Bundle fixture = installAndStart(LEAKY);
        configureLeaky(LeakyMappings.IOMMU_DEVICE, "iommu", "strict");
        configureLeaky(LeakyMappings.BOUNCE_DEVICE, "dma.mask.bits", "32");
        await("leaky drivers", () -> sim.drivers().list().size() == 3);
        DmaBuf a = written(sim, 1);
        DmaBuf b = written(sim, 2);
        LeakyMappings leaky = LeakyMappings.map(sim, a, b, LEN);
        ClassLoaderWatch loader = watchClassLoader(fixture);

        fixture.stop();

        // static references: DS removed both instances before the model service left the registry
        assertEquals(List.of("gpu0"), sim.drivers().list().stream().map(DeviceDriver::name).toList());
        leaky.assertCleanedUp();
        for (DmaBuf buffer : List.of(a, b)) {
            assertEquals(List.of(), buffer.attachments());
            assertEquals(Map.of(OWNER, 1L), buffer.references());
        }
        assertArrayEquals(pattern(LEN, 1), read(sim, "gpu0", a));
        assertArrayEquals(pattern(LEN, 2), read(sim, "gpu0", b));
        a.put(OWNER);
        b.put(OWNER);
        assertTrue(a.isReleased() && b.isReleased());

        fixture.uninstall();
        refresh(fixture);
        assertNoRemovalPendingBundles();
        assertCollected("the uninstalled leaky fixture", loader);
    }

    @Test
    public void c_cameraUpdatedToANewRevisionReattachesAndReadsTheFrameItCaptured() throws Exception {
        Simulation sim = configured("camera0");
        Bundle camera = installedBundle(CAMERA_BSN);
        DmaBuf a = allocate(sim);
        capture(sim, "camera0", a, 9);
        assertEquals(Map.of(OWNER, 1L, Owner.device("camera0"), 1L), a.references());
        // revision 0.1.0 has no reprocess input: it refuses to import a buffer for reading
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> read(sim, "camera0", a)).errno());
        long errors = sim.dmaDebug().errorCount();
        ClassLoaderWatch oldLoader = watchClassLoader(camera);

        updateFrom(camera, "device-fixture-camera2");
        try {
            refresh(camera);
            assertEquals(new Version(0, 1, 1, "SNAPSHOT"), camera.getVersion());
            assertNoRemovalPendingBundles();
            assertEquals("0.1.1", revisionProperty());
            // the instance component re-created camera0 from the same configuration with the new model
            await("camera0 bound by the new revision", () -> "0.1.1.SNAPSHOT".equals(driverVersion(sim, "camera0")));
            assertFalse(sim.log().grep(REVISION_LINE).isEmpty());
            // the old driver let go of the buffer when it was unbound, cleanly
            assertEquals(Map.of(OWNER, 1L), a.references());
            assertEquals(List.of(), a.attachments());
            assertEquals(errors, sim.dmaDebug().errorCount());
            assertCollected("the camera bundle's old revision", oldLoader);

            assertArrayEquals(sensor(9), read(sim, "camera0", a));
            a.put(OWNER);
            assertTrue(a.isReleased());
        } finally {
            updateFrom(camera, "device-camera");
            refresh(camera);
        }
        assertEquals(new Version(0, 1, 0, "SNAPSHOT"), camera.getVersion());
        assertNull(revisionProperty());
        await("camera0 back on the camera bundle", () -> "0.1.0.SNAPSHOT".equals(driverVersion(sim, "camera0")));
    }

    /** The default simulation with the system heap, gpu0 and the cameras named (deleted after the test). */
    private Simulation configured(String... cameras) throws Exception {
        Simulation sim = defaultSimulation();
        configureSystemHeap();
        configureDevice("gpu0", "gpu", EDGE);
        for (String camera : cameras) {
            // camera1 keeps its buffers mapped between frames, so its driver must unmap them at unbind
            String policy = camera.equals("camera1") ? "at-import" : "per-frame";
            configureDevice(camera, "camera", EDGE, "mapping.policy", policy);
        }
        await("heap and drivers", () -> sim.heaps().find("system").isPresent()
                && sim.drivers().list().size() == cameras.length + 1);
        return sim;
    }

    private void configureLeaky(String name, String key, String value) throws IOException {
        configure(DEVICE_PID, name, "name", name, "model", "fixture", "fixture.leak", "true", key, value,
                "factory.target", "(" + DeviceModelFactory.MODEL + "=fixture)");
    }

    /** A buffer a process wrote {@link #pattern} into through its mmap, between SYNC START and END. */
    private static DmaBuf written(Simulation sim, int seed) {
        DmaBuf buffer = allocate(sim);
        CpuMapping map = buffer.mmap(OWNER, 0, LEN / MemoryMap.PAGE_SIZE);
        buffer.beginCpuAccess(DmaDirection.TO_DEVICE);
        map.write(0, pattern(LEN, seed));
        buffer.endCpuAccess(DmaDirection.TO_DEVICE);
        map.unmap();
        return buffer;
    }

    /** The version of the bundle whose class the device's driver is, or null without such a driver. */
    private static String driverVersion(Simulation sim, String device) {
        return sim.drivers().find(device).map(d -> FrameworkUtil.getBundle(d.getClass()).getVersion().toString())
                .orElse(null);
    }

    /** The revision property of the camera model service, or null. */
    private String revisionProperty() throws Exception {
        List<ServiceReference<DeviceModelFactory>> refs = List.copyOf(context.getServiceReferences(
                DeviceModelFactory.class, "(" + DeviceModelFactory.MODEL + "=camera)"));
        assertEquals(1, refs.size());
        return (String) refs.get(0).getProperty("dmabuf.device.revision");
    }

    private static DmaBuf allocate(Simulation sim) {
        return sim.heaps().allocate("system", LEN, 0, ExportInfo.O_RDWR, OWNER);
    }

    /** The camera imports {@code buffer} for capture and captures frame {@code frame}; the import stays. */
    private static void capture(Simulation sim, String camera, DmaBuf buffer, long frame) {
        DeviceDriver driver = sim.drivers().find(camera).orElseThrow();
        ImportedBuffer in = driver.importBuffer(buffer, DmaDirection.FROM_DEVICE);
        assertTrue(driver.produce(in, frame).ok());
    }

    /** The device imports {@code buffer} to read it, reads one frame, releases it (in its own frame). */
    private static byte[] read(Simulation sim, String device, DmaBuf buffer) {
        DeviceDriver driver = sim.drivers().find(device).orElseThrow();
        ImportedBuffer in = driver.importBuffer(buffer, DmaDirection.TO_DEVICE);
        try {
            FrameResult result = driver.consume(in, 0);
            assertTrue(result.ok());
            return result.data();
        } finally {
            driver.release(in);
        }
    }

    private static byte[] sensor(long frame) {
        byte[] bytes = new byte[LEN];
        FramePattern.sensor(frame, 0, bytes, LEN);
        return bytes;
    }

}
