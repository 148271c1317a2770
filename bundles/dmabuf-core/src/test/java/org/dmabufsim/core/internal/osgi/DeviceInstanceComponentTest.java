// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.dmabufsim.core.internal.device.TestDrivers;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DeviceInstanceComponentTest {
    @AutoClose
    private final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults());
    private final TestDrivers.Factory camera = new TestDrivers.Factory("camera");

    private DeviceInstanceComponent activate(TestDrivers.Factory factory, Map<String, ?> config) {
        Map<String, Object> properties = Configs.deviceProperties(config);
        return new DeviceInstanceComponent(sim, factory, Configs.of(DeviceInstanceComponent.Config.class, properties),
                properties);
    }

    @Test
    void activationAddsTheDriverWithItsPropertiesAndDeactivationRemovesIt() {
        DeviceInstanceComponent component = activate(camera, Map.of("name", "camera0", "model", "camera",
                "factory.target", "(dmabuf.device.model=camera)", "import.mode", "map-table"));

        assertEquals("camera0", component.name());
        assertEquals(List.of(new DeviceConfig("camera0", "camera", Map.of("import.mode", "map-table"))),
                camera.configs());
        assertEquals(List.of("camera0"), sim.drivers().list().stream().map(DeviceDriver::name).toList());

        component.deactivate();

        assertEquals(List.of(), sim.drivers().list());
        assertEquals(List.of("camera0"), camera.closed());
    }

    @Test
    void modelOtherThanTheFactorysIsEinvalAndCreatesNoDriver() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(camera, Map.of("name", "display0",
                "model", "display")));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), camera.configs());
        assertEquals(List.of(), sim.drivers().list());
    }

    @Test
    void secondDeviceOfTheSameNameIsEexistAndTheFirstStays() {
        DeviceInstanceComponent first = activate(camera, Map.of("name", "camera0"));

        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(camera, Map.of("name", "camera0")));

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(1, sim.drivers().list().size());
        first.deactivate();
        assertEquals(List.of("camera0"), camera.closed());
    }

    @Test
    void deactivationAfterTheDriverWasRemovedElsewhereIsQuiet() {
        DeviceInstanceComponent component = activate(camera, Map.of("name", "camera0"));
        assertEquals(1, sim.drivers().removeAll(camera));

        component.deactivate();

        assertEquals(List.of("camera0"), camera.closed());
    }
}
