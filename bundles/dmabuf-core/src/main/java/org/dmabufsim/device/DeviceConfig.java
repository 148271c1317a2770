// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import java.util.Map;
import java.util.Objects;

/**
 * One device instance, as configured (in OSGi: a ConfigAdmin factory configuration).
 *
 * @param name the device name ({@code dev_name()}), unique per simulation, e.g. {@code "camera0"}
 * @param model the device model, e.g. {@code "camera"}
 * @param properties model-specific settings (see each model's documentation), e.g.
 *        {@code import.mode=map-table}
 */
public record DeviceConfig(String name, String model, Map<String, String> properties) {

    public DeviceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        properties = Map.copyOf(properties);
    }

    public static DeviceConfig of(String name, String model) {
        return new DeviceConfig(name, model, Map.of());
    }

    /** This config with one more property. */
    public DeviceConfig with(String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.put(key, value);
        return new DeviceConfig(name, model, all);
    }

    /** A property, or {@code def} when unset. */
    public String property(String key, String def) {
        return properties.getOrDefault(key, def);
    }
}
