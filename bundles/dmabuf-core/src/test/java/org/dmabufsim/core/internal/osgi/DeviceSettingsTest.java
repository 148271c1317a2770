// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.Test;

class DeviceSettingsTest {

    private static DeviceConfig convert(Map<String, ?> config, String factoryModel) {
        Map<String, Object> properties = Configs.deviceProperties(config);
        return DeviceSettings.toDeviceConfig(Configs.of(DeviceInstanceComponent.Config.class, properties),
                properties, factoryModel);
    }

    @Test
    void cameraAsShippedWithTheLauncher() {
        DeviceConfig config = convert(Map.of("name", "camera0", "model", "camera",
                "factory.target", "(dmabuf.device.model=camera)"), "camera");

        assertEquals(DeviceConfig.of("camera0", "camera"), config);
    }

    @Test
    void modelDefaultsToTheFactorysAndModelPropertiesPassThrough() {
        DeviceConfig config = convert(Map.of("name", "gpu1", "import.mode", "map-table", "frame.width", 1280,
                "coherent", false), "gpu");

        assertEquals(new DeviceConfig("gpu1", "gpu", Map.of("import.mode", "map-table", "frame.width", "1280",
                "coherent", "false")), config);
    }

    @Test
    void missingNameIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("model", "camera"), "camera"));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("EINVAL: org.dmabufsim.device org.dmabufsim.device~test: no name (the device name, e.g."
                + " camera0)", e.getMessage());
    }
}
