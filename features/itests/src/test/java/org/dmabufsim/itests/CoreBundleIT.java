// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.dmabufsim.sim.SimulationFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.resource.Capability;
import org.osgi.resource.Requirement;
import org.slf4j.LoggerFactory;

/** The core bundle in a running framework: its manifest, its DS component, its logging. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CoreBundleIT extends DmabufTestSupport {
    private static final Version API_VERSION = new Version(1, 0, 0);
    /** 1.1: {@code KernelLog.print}, so device models can print what their kernel drivers print. */
    private static final Version SIM_API_VERSION = new Version(1, 1, 0);
    /** 1.1: {@code DeviceDriver.mappedTable}, so end-to-end checks see the addresses a driver programs. */
    private static final Version DEVICE_API_VERSION = new Version(1, 1, 0);
    /** 1.1: {@code DmaBufs.pageBuffer}, so outside tests see an exporter's per-attachment tables (A10). */
    private static final Version DMABUF_API_VERSION = new Version(1, 1, 0);
    private static final String COMPONENT = "org.dmabufsim.core.internal.osgi.SimulationFactoryComponent";
    // org.osgi.namespace.{service,extender} are not on the class path; their constants, spelled out
    private static final String SERVICE_NAMESPACE = "osgi.service";
    private static final String EXTENDER_NAMESPACE = "osgi.extender";

    @Test
    public void coreBundleIsActive() {
        assertEquals(Bundle.ACTIVE, core().getState());
    }

    @Test
    public void exportsExactlyTheApiPackagesAtTheirVersions() {
        Map<String, Object> exported = new TreeMap<>();
        for (Capability export : revision().getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            Map<String, Object> attributes = export.getAttributes();
            exported.put((String) attributes.get(PackageNamespace.PACKAGE_NAMESPACE),
                    attributes.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE));
        }

        assertEquals(Map.of(
                "org.dmabufsim.device", DEVICE_API_VERSION,
                "org.dmabufsim.dma", API_VERSION,
                "org.dmabufsim.dmabuf", DMABUF_API_VERSION,
                "org.dmabufsim.dmabuf.spi", API_VERSION,
                "org.dmabufsim.mem", API_VERSION,
                "org.dmabufsim.sim", SIM_API_VERSION), exported);
        assertFalse(core().getHeaders().get(Constants.EXPORT_PACKAGE).contains("internal"));
    }

    @Test
    public void importsSlf4jFromVersion17To3() {
        List<String> filters = revision().getRequirements(PackageNamespace.PACKAGE_NAMESPACE).stream()
                .map(r -> r.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE))
                .filter(f -> f.contains("(osgi.wiring.package=org.slf4j)"))
                .toList();

        assertEquals(List.of("(&(osgi.wiring.package=org.slf4j)(version>=1.7.0)(!(version>=3.0.0)))"), filters);
    }

    @Test
    public void advertisesTheFactoryAndDefaultSimulationServicesAndIsWiredToScr() {
        List<Object> services = revision().getCapabilities(SERVICE_NAMESPACE).stream()
                .map(c -> c.getAttributes().get(Constants.OBJECTCLASS)).toList();
        assertEquals(List.of(List.of(Simulation.class.getName()), List.of(SimulationFactory.class.getName())),
                services);
        // the heap and device instances need factories only when configured: no service requirements
        assertEquals(List.of(), revision().getRequirements(SERVICE_NAMESPACE));

        List<BundleWire> extenders = core().adapt(BundleWiring.class).getRequiredWires(EXTENDER_NAMESPACE);
        assertEquals(1, extenders.size());
        assertEquals("org.apache.felix.scr", extenders.get(0).getProvider().getSymbolicName());
        Requirement requirement = extenders.get(0).getRequirement();
        assertEquals("(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))",
                requirement.getDirectives().get(PackageNamespace.REQUIREMENT_FILTER_DIRECTIVE));
    }

    @Test
    public void factoryServiceIsTheCoreComponentAndCreatesSimulations() throws Exception {
        SimulationFactory factory = awaitService(SimulationFactory.class);
        ServiceReference<SimulationFactory> reference = context.getServiceReference(SimulationFactory.class);
        assertEquals(CORE_BSN, reference.getBundle().getSymbolicName());
        assertEquals(COMPONENT, reference.getProperty("component.name"));

        SimulationConfig config = SimulationConfig.defaults().withSeed(42L);
        try (Simulation simulation = factory.create(config)) {
            assertEquals(config, simulation.config());
            assertEquals(42L, simulation.seed());
            assertNotNull(simulation.log());
        }
    }

    @Test
    public void stoppingTheCoreUnregistersTheFactoryAndStartingRegistersANewOne() throws Exception {
        awaitService(SimulationFactory.class);
        long before = (Long) context.getServiceReference(SimulationFactory.class).getProperty(Constants.SERVICE_ID);

        core().stop();
        try {
            assertNull(context.getServiceReference(SimulationFactory.class));
        } finally {
            core().start();
        }

        SimulationFactory factory = awaitService(SimulationFactory.class);
        long after = (Long) context.getServiceReference(SimulationFactory.class).getProperty(Constants.SERVICE_ID);
        assertNotEquals(before, after);
        try (Simulation simulation = factory.create(SimulationConfig.defaults())) {
            assertEquals(SimulationConfig.defaults(), simulation.config());
        }
    }

    @Test
    public void loggingReachesSlf4jSimpleThroughSpiFly() {
        assertEquals("org.slf4j.simple.SimpleLoggerFactory", LoggerFactory.getILoggerFactory().getClass().getName());

        ServiceReference<?> provider = context.getServiceReference("org.slf4j.spi.SLF4JServiceProvider");
        assertNotNull("SPI Fly registered no SLF4J provider", provider);
        assertEquals("slf4j.simple", provider.getBundle().getSymbolicName());
    }

    private Bundle core() {
        return installedBundle(CORE_BSN);
    }

    private BundleRevision revision() {
        return core().adapt(BundleRevision.class);
    }
}
