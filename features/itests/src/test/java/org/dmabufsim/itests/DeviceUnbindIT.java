// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
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
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Driver unbind in a running framework (rule 105): the device fixture bundle's drivers map a heap
 * buffer; one of them ({@code fixture.leak=true}) leaves everything at close. Its mappings are
 * reported once and torn down by the core, the buffer stays intact, and once the bundle is
 * uninstalled nothing of it stays reachable. The last test uninstalls the fixture, so the order is fixed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class DeviceUnbindIT extends DmabufTestSupport {
    private static final String FIXTURE_BSN = "org.dmabufsim.device-fixture-leaky";
    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");
    private static final int LEN = 64 * 1024;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle("heap-system"), reactorBundle("device-fixture-leaky"));
    }

    @Test
    public void a_rule105_wellBehavedDriverUnbindsWithoutReport() throws Exception {
        Simulation sim = simulationWithHeap();
        Configuration device = configureDevice("fixture0", false);
        await("driver fixture0", () -> sim.drivers().find("fixture0").isPresent());
        DmaBuf buffer = sim.heaps().allocate("system", LEN, 0, ExportInfo.O_RDWR, OWNER);
        importInto(sim, "fixture0", buffer, DmaDirection.FROM_DEVICE);
        assertEquals(1, sim.dmaDebug().entries("fixture0").size());

        device.delete();
        // the registry forgets the driver first, then unbinds it; the device goes last
        await("device fixture0 unbound", () -> sim.devices().find("fixture0").isEmpty());

        assertEquals(List.of(), sim.dmaDebug().reports("fixture0"));
        assertEquals(0, sim.dmaDebug().errorCount());
        assertEquals(List.of(), buffer.attachments());
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());
    }

    @Test
    public void b_rule105_stoppedDeviceBundleIsCleanedUpReportedOnceAndLeavesNothingReachable() throws Exception {
        Simulation sim = simulationWithHeap();
        configureDevice("reader0", false);
        configureDevice("leaky0", true);
        await("drivers reader0 and leaky0", () -> sim.drivers().list().size() == 2);
        DmaBuf buffer = sim.heaps().allocate("system", LEN, 0, ExportInfo.O_RDWR, OWNER);
        byte[] pattern = pattern();
        CpuMapping vmap = buffer.vmap();
        vmap.write(0, pattern);
        // TO_DEVICE is not tracked per cacheline, so the two mappings do not overlap for dma-debug (rule 104)
        importInto(sim, "reader0", buffer, DmaDirection.TO_DEVICE);
        importInto(sim, "leaky0", buffer, DmaDirection.FROM_DEVICE);
        long errorsBefore = sim.dmaDebug().errorCount();
        Bundle fixture = installedBundle(FIXTURE_BSN);
        WeakReference<ClassLoader> loader = new WeakReference<>(fixture.adapt(BundleWiring.class).getClassLoader());

        fixture.stop();

        // static references: DS removed both instances before the model service left the registry
        assertEquals(List.of(), sim.drivers().list());
        List<DmaDebugReport> reports = sim.dmaDebug().reports("leaky0");
        assertEquals(1, reports.size());
        assertEquals(DmaDebugError.LEAK_AT_UNBIND, reports.get(0).error());
        assertTrue(reports.get(0).message(), reports.get(0).message().contains("device driver has pending DMA"
                + " allocations while released from device [count=1]"));
        assertEquals(List.of(), sim.dmaDebug().reports("reader0"));
        assertEquals(errorsBefore + 1, sim.dmaDebug().errorCount());
        assertEquals(List.of(), sim.dmaDebug().entries());
        assertEquals(List.of(), buffer.attachments());
        assertFalse(buffer.isReleased());
        assertArrayEquals(pattern, vmap.read(0, LEN));
        buffer.vunmap(vmap);
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());

        uninstallAndRefresh(fixture);
        assertNull("the fixture's class loader is still reachable", awaitCleared(loader));
    }

    private Simulation simulationWithHeap() throws Exception {
        Simulation sim = defaultSimulation();
        if (sim.heaps().find("system").isEmpty()) {
            configAdmin.getFactoryConfiguration(HEAP_PID, "system", "?").update(properties("name", "system",
                    "id", "0", "caching.model", CachingModel.DMA_HEAP, "factory.target", "(dmabuf.heap.type=system)"));
            await("heap system", () -> sim.heaps().find("system").isPresent());
        }
        return sim;
    }

    private Configuration configureDevice(String name, boolean leak) throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(DEVICE_PID, name, "?");
        configuration.update(properties("name", name, "model", "fixture", "fixture.leak", Boolean.toString(leak),
                "factory.target", "(dmabuf.device.model=fixture)"));
        return configuration;
    }

    /** In its own frame, so that no reference to the driver outlives the call. */
    private static void importInto(Simulation sim, String device, DmaBuf buffer, DmaDirection direction) {
        sim.drivers().find(device).orElseThrow().importBuffer(buffer, direction);
    }

    private static byte[] pattern() {
        byte[] pattern = new byte[LEN];
        for (int i = 0; i < LEN; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        return pattern;
    }

    private void uninstallAndRefresh(Bundle bundle) throws Exception {
        bundle.uninstall();
        CountDownLatch refreshed = new CountDownLatch(1);
        context.getBundle(0).adapt(FrameworkWiring.class).refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("no refresh within " + SERVICE_TIMEOUT_MS + " ms",
                refreshed.await(SERVICE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
    }

    /** Collects garbage until {@code ref} is cleared (bounded), then returns what it holds. */
    private static <T> T awaitCleared(WeakReference<T> ref) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get();
    }
}
