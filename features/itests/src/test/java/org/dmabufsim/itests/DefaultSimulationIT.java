// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The core's default simulation and the heaps that ConfigAdmin factory configurations
 * ({@code org.dmabufsim.heap}) create in it from the heap bundles' factories.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DefaultSimulationIT extends DmabufTestSupport {
    static final String DEFAULT = "(dmabuf.simulation=default)";
    private static final String SIMULATION_PID = "org.dmabufsim.simulation";
    private static final String HEAP_SYSTEM_BSN = "org.dmabufsim.heap-system";
    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");
    private static final long MIB = 1L << 20;

    @Inject
    private ConfigurationAdmin configAdmin;

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle("heap-system"), reactorBundle("heap-cma"));
    }

    /** Each test starts from no configuration: the default simulation with its defaults and no heap. */
    @After
    public void deleteConfigurations() throws Exception {
        Configuration[] left = configAdmin.listConfigurations("(|(service.factoryPid=" + HEAP_PID + ")(service.pid="
                + SIMULATION_PID + "))");
        for (Configuration configuration : left == null ? new Configuration[0] : left) {
            configuration.delete();
        }
        awaitConfigurationEvents(configAdmin);
        await("the default simulation with its defaults and no heaps", () -> {
            Simulation sim = currentDefaultSimulation();
            return sim != null && sim.config().equals(SimulationConfig.defaults()) && sim.heaps().list().isEmpty();
        });
    }

    /** The registered default simulation, or null between unregistration and registration. */
    private Simulation currentDefaultSimulation() {
        ServiceTracker<Simulation, Simulation> tracker;
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(&(objectClass="
                    + Simulation.class.getName() + ")" + DEFAULT + ")"), null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker.open();
        try {
            return tracker.getService();
        } finally {
            tracker.close();
        }
    }

    @Test
    public void theCoreRegistersOneDefaultSimulationWithTheDefaults() throws Exception {
        Simulation sim = defaultSimulation();
        List<ServiceReference<Simulation>> references = List.copyOf(context.getServiceReferences(Simulation.class,
                null));

        assertEquals(1, references.size());
        ServiceReference<Simulation> reference = references.get(0);
        assertEquals("default", reference.getProperty("dmabuf.simulation"));
        assertEquals(CORE_BSN, reference.getBundle().getSymbolicName());
        assertEquals("org.dmabufsim.core.internal.osgi.DefaultSimulationComponent",
                reference.getProperty("component.name"));
        assertEquals(SimulationConfig.defaults(), sim.config());
        assertThrows(IllegalStateException.class, sim::close);
        sim.runDevices(); // still open
    }

    @Test
    public void heapConfigurationsAddTheHeapsOfTheLauncherToTheDefaultSimulation() throws Exception {
        Simulation sim = defaultSimulation();

        configureSystemHeap();
        configureReservedHeap();
        await("heaps system and reserved", () -> sim.heaps().list().size() == 2);

        assertEquals(List.of(HeapSpec.of("system", "system", 0, CachingModel.DMA_HEAP),
                new HeapSpec("reserved", "cma", 1, CachingModel.DMA_HEAP, Map.of("cma.area", "linux,cma"))),
                sim.heaps().list().stream().map(HeapInfo::spec).toList());
    }

    @Test
    public void buffersComeFromTheSystemHeapAndFromTheCmaArea() throws Exception {
        Simulation sim = defaultSimulation();
        configureSystemHeap();
        configureReservedHeap();
        await("heaps system and reserved", () -> sim.heaps().list().size() == 2);
        long cmaUsed = cmaUsedPages(sim);

        DmaBuf system = sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER);
        DmaBuf reserved = sim.heaps().allocate("reserved", MIB, 0, ExportInfo.O_RDWR, OWNER);

        assertEquals(List.of(MIB, MIB), List.of(system.size(), reserved.size()));
        assertEquals(List.of("system", "reserved"), List.of(system.expName(), reserved.expName()));
        assertEquals(cmaUsed + MIB / 4096, cmaUsedPages(sim));
        assertEquals(List.of(1L, 1L), sim.heaps().list().stream().map(HeapInfo::liveBuffers).toList());
        system.put(OWNER);
        reserved.put(OWNER);
        assertEquals(cmaUsed, cmaUsedPages(sim));
        assertEquals(List.of(0L, 0L), sim.heaps().list().stream().map(HeapInfo::liveBuffers).toList());
    }

    @Test
    public void deletingTheConfigurationRemovesTheHeapAndItsBuffersLiveOn() throws Exception {
        Simulation sim = defaultSimulation();
        Configuration configuration = configureSystemHeap();
        await("heap system", () -> sim.heaps().find("system").isPresent());
        DmaBuf buffer = sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER);

        configuration.delete();
        await("heap system removed", () -> sim.heaps().find("system").isEmpty());

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER));
        assertEquals(Errno.ENODEV, e.errno());
        assertFalse(buffer.isReleased());
        assertEquals(MIB, buffer.size());
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());
    }

    @Test
    public void stoppingTheHeapBundleDrainsItsHeapAndStartingItBringsItBack() throws Exception {
        Simulation sim = defaultSimulation();
        configureSystemHeap();
        await("heap system", () -> sim.heaps().find("system").isPresent());
        DmaBuf buffer = sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER);
        Bundle heapBundle = installedBundle(HEAP_SYSTEM_BSN);

        heapBundle.stop();
        try {
            // the factory reference is static: DS removed the heap before the factory service went
            assertTrue(sim.heaps().find("system").isEmpty());
            assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class,
                    () -> sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER)).errno());
            assertFalse(buffer.isReleased());
        } finally {
            heapBundle.start();
        }

        await("heap system back", () -> sim.heaps().find("system").isPresent());
        DmaBuf again = sim.heaps().allocate("system", MIB, 0, ExportInfo.O_RDWR, OWNER);
        assertEquals(List.of(1L), sim.heaps().list().stream().map(HeapInfo::liveBuffers).toList());
        again.put(OWNER);
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());
    }

    @Test
    public void configuringTheSimulationRecreatesItAfterDrainingItsHeaps() throws Exception {
        Simulation old = defaultSimulation();
        configureSystemHeap();
        await("heap system", () -> old.heaps().find("system").isPresent());
        long oldId = serviceId(DEFAULT);

        configAdmin.getConfiguration(SIMULATION_PID, "?").update(properties("seed", 7L, "era", "UP_TO_5_18"));
        Simulation sim = awaitService(Simulation.class, "(&" + DEFAULT + "(seed=7))");

        assertNotSame(old, sim);
        assertNotEquals(oldId, serviceId(DEFAULT));
        assertEquals(SimulationConfig.defaults().withSeed(7L).withEra(Arm64Era.UP_TO_5_18),
                sim.config());
        // the heap instance went before the old simulation was closed
        assertTrue(old.heaps().list().isEmpty());
        assertThrows(IllegalStateException.class, old::runDevices);
        // the instance follows its configuration into the new simulation, which has the built-in models
        await("heap system in the new simulation", () -> sim.heaps().find("system").isPresent());
    }

    @Test
    public void configurationWithoutIdAddsNoHeapAndHarmsNoOther() throws Exception {
        Simulation sim = defaultSimulation();
        configAdmin.getFactoryConfiguration(HEAP_PID, "broken", "?").update(properties("name", "broken",
                "caching.model", CachingModel.DMA_HEAP, "factory.target", "(dmabuf.heap.type=system)"));

        configureSystemHeap();
        await("heap system", () -> sim.heaps().find("system").isPresent());

        assertEquals(List.of("system"), sim.heaps().list().stream().map(HeapInfo::name).toList());
    }

    /** The system heap as the launcher ships it, with the built-in dma-heap caching model. */
    private Configuration configureSystemHeap() throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(HEAP_PID, "system", "?");
        configuration.update(properties("name", "system", "type", "system", "id", "0", "caching.model",
                CachingModel.DMA_HEAP, "factory.target", "(dmabuf.heap.type=system)"));
        return configuration;
    }

    /** The CMA heap as the launcher ships it, with the built-in dma-heap caching model. */
    private Configuration configureReservedHeap() throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(HEAP_PID, "reserved", "?");
        configuration.update(properties("name", "reserved", "type", "cma", "id", "1", "cma.area", "linux,cma",
                "caching.model", CachingModel.DMA_HEAP, "factory.target", "(dmabuf.heap.type=cma)"));
        return configuration;
    }


    private long serviceId(String filter) throws InvalidSyntaxException {
        return (Long) context.getServiceReferences(Simulation.class, filter).iterator().next()
                .getProperty(Constants.SERVICE_ID);
    }

    private static long cmaUsedPages(Simulation sim) {
        return sim.memory().stats().stream().filter(s -> s.name().equals("linux,cma"))
                .mapToLong(RegionStats::usedPages).sum();
    }
}
