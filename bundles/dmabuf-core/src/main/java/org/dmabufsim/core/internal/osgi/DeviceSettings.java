// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.Map;
import java.util.Set;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * A factory configuration {@value DeviceInstanceComponent#PID} as a {@link DeviceConfig}. {@code name}
 * is required; {@code model} defaults to the bound factory's model; every other user property (e.g.
 * {@code import.mode}, {@code frame.width}) is passed through to {@link DeviceConfig#properties()}.
 */
final class DeviceSettings {
    static final String NAME = "name";
    static final String MODEL = "model";
    /** Keys the config holds in its own fields, not in its properties. */
    private static final Set<String> CONSUMED = Set.of(NAME, MODEL);

    private DeviceSettings() {
    }

    /**
     * The driver instance to add.
     *
     * @param config the typed view of {@code properties}
     * @param properties the component properties (the configuration plus what DS adds)
     * @param factoryModel the model of the bound device model factory
     * @throws ErrnoException EINVAL if {@code name} is missing
     */
    static DeviceConfig toDeviceConfig(DeviceInstanceComponent.Config config, Map<String, ?> properties,
            String factoryModel) {
        if (!ConfigProperties.isSet(properties, NAME)) {
            throw new ErrnoException(Errno.EINVAL, DeviceInstanceComponent.PID + " " + properties.get("service.pid")
                    + ": no " + NAME + " (the device name, e.g. camera0)");
        }
        String model = ConfigProperties.isSet(properties, MODEL) ? config.model().trim() : factoryModel;
        return new DeviceConfig(config.name().trim(), model, ConfigProperties.passThrough(properties, CONSUMED));
    }
}
