// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.sim.Simulation;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Device driver instances that ConfigAdmin factory configurations ({@code org.dmabufsim.device})
 * create in the default simulation from a device model service (here one the test registers).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class DeviceInstanceIT extends DmabufTestSupport {
    private static final String MODEL = "itest";

    @Inject
    private ConfigurationAdmin configAdmin;

    private final ItestDeviceFactory factory = new ItestDeviceFactory(MODEL);
    private ServiceRegistration<DeviceModelFactory> registration;

    @After
    public void cleanUp() throws Exception {
        Configuration[] left = configAdmin.listConfigurations("(service.factoryPid=" + DEVICE_PID + ")");
        for (Configuration configuration : left == null ? new Configuration[0] : left) {
            configuration.delete();
        }
        // DS has seen the deletions: no instance of them can bind the next test's model service
        awaitConfigurationEvents(configAdmin);
        if (registration != null) {
            registration.unregister();
        }
        Simulation sim = defaultSimulation();
        await("no drivers", () -> sim.drivers().list().isEmpty());
    }

    private void registerFactory() {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(DeviceModelFactory.MODEL, MODEL);
        registration = context.registerService(DeviceModelFactory.class, factory, properties);
    }

    private Configuration configureDevice(String name, Object... more) throws IOException {
        Dictionary<String, Object> properties = properties(more);
        properties.put("name", name);
        properties.put("model", MODEL);
        properties.put("factory.target", "(" + DeviceModelFactory.MODEL + "=" + MODEL + ")");
        Configuration configuration = configAdmin.getFactoryConfiguration(DEVICE_PID, name, "?");
        configuration.update(properties);
        return configuration;
    }

    @Test
    public void configurationCreatesTheDriverWithItsModelProperties() throws Exception {
        Simulation sim = defaultSimulation();
        registerFactory();

        configureDevice("itest0", "frame.width", "640", "import.mode", "map-table");
        await("driver itest0", () -> sim.drivers().find("itest0").isPresent());

        assertEquals(List.of(new DeviceConfig("itest0", MODEL, Map.of("frame.width", "640",
                "import.mode", "map-table"))), factory.created);
        assertEquals(List.of("itest0"), sim.drivers().list().stream().map(DeviceDriver::name).toList());
    }

    @Test
    public void aConfigurationWaitsForItsModelService() throws Exception {
        Simulation sim = defaultSimulation();
        configureDevice("itest0");

        registerFactory();
        await("driver itest0", () -> sim.drivers().find("itest0").isPresent());

        assertEquals(1, factory.created.size());
    }

    @Test
    public void theModelServiceGoingAwayRemovesItsDriversFirst() throws Exception {
        Simulation sim = defaultSimulation();
        registerFactory();
        configureDevice("itest0");
        configureDevice("itest1");
        await("drivers itest0 and itest1", () -> sim.drivers().list().size() == 2);

        registration.unregister();
        registration = null;

        // static reference: DS deactivated both instances before the service left the registry
        assertEquals(List.of(), sim.drivers().list());
        assertEquals(List.of("itest0", "itest1"), factory.closed.stream().sorted().toList());
    }

    @Test
    public void deletingTheConfigurationRemovesAndClosesTheDriver() throws Exception {
        Simulation sim = defaultSimulation();
        registerFactory();
        Configuration configuration = configureDevice("itest0");
        await("driver itest0", () -> sim.drivers().find("itest0").isPresent());

        configuration.delete();
        // the registry forgets the driver first, then closes it
        await("driver itest0 closed", () -> !factory.closed.isEmpty());

        assertEquals(List.of("itest0"), factory.closed);
        assertEquals(List.of(), sim.drivers().list());
    }

    @Test
    public void aSecondInstanceOfTheSameNameIsRefusedAndTheFirstStays() throws Exception {
        Simulation sim = defaultSimulation();
        registerFactory();
        configureDevice("itest0");
        await("driver itest0", () -> sim.drivers().find("itest0").isPresent());

        Dictionary<String, Object> twin = new Hashtable<>(Map.of("name", "itest0", "model", MODEL));
        configAdmin.getFactoryConfiguration(DEVICE_PID, "twin", "?").update(twin);
        configureDevice("itest1");
        await("driver itest1", () -> sim.drivers().find("itest1").isPresent());

        assertEquals(List.of("itest0", "itest1"), sim.drivers().list().stream().map(DeviceDriver::name).toList());
        assertEquals(2, factory.created.size());
        assertTrue(factory.closed.isEmpty());
    }
}
