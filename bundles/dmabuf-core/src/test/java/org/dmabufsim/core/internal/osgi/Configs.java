// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.util.converter.Converters;

/**
 * Component properties and configuration annotations as DS builds them: the annotation's defaults,
 * the user's configuration, and the properties ConfigAdmin and DS add.
 */
final class Configs {
    private Configs() {
    }

    /** The typed view of {@code properties}, converted with DS's name mapping ({@code a_b()} reads {@code a.b}). */
    static <A> A of(Class<A> type, Map<String, ?> properties) {
        return Converters.standardConverter().convert(properties).to(type);
    }

    /** What DS hands a factory component configured with {@code config}: defaults, the config, framework keys. */
    static Map<String, Object> factoryProperties(String factoryPid, Map<String, String> defaults,
            Map<String, ?> config) {
        Map<String, Object> properties = new LinkedHashMap<>(defaults);
        properties.putAll(config);
        properties.put("service.factoryPid", factoryPid);
        properties.put("service.pid", factoryPid + "~test");
        properties.put("component.name", "org.dmabufsim.core.internal.osgi.Test");
        properties.put("component.id", 7L);
        return properties;
    }

    /** What DS hands {@link HeapInstanceComponent}. */
    static Map<String, Object> heapProperties(Map<String, ?> config) {
        return factoryProperties(HeapInstanceComponent.PID,
                Map.of("type", "", "caching.model", "dma-heap", "cma.area", ""), config);
    }

    /** What DS hands {@link DeviceInstanceComponent}. */
    static Map<String, Object> deviceProperties(Map<String, ?> config) {
        return factoryProperties(DeviceInstanceComponent.PID, Map.of("model", ""), config);
    }
}
