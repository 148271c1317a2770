// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The settings of a ConfigAdmin configuration that a component passes on to a factory unchanged
 * ({@code HeapSpec.config}, {@code DeviceConfig.properties}): every property but those the component
 * consumes itself, those the framework adds (PIDs, component name and id, FileInstall's file name,
 * reference targets) and blank ones (DS adds an attribute's empty default as a property: blank
 * means unset).
 */
final class ConfigProperties {
    /** Prefixes of properties that ConfigAdmin, DS and FileInstall add, or that are private by convention. */
    private static final List<String> FRAMEWORK_PREFIXES = List.of("service.", "component.", "felix.", "osgi.", ".");
    /** DS reads {@code <reference name>.target} as the reference's target filter. */
    private static final String TARGET_SUFFIX = ".target";

    private ConfigProperties() {
    }

    /**
     * The pass-through settings, sorted by key; values as trimmed text (arrays and collections joined
     * with {@code ","}).
     *
     * @param properties the component properties DS hands to the constructor
     * @param consumed keys the component interprets itself
     */
    static Map<String, String> passThrough(Map<String, ?> properties, Set<String> consumed) {
        Map<String, String> settings = new TreeMap<>();
        properties.forEach((key, value) -> {
            if (!consumed.contains(key) && !isFrameworkKey(key) && isSet(properties, key)) {
                settings.put(key, text(value).trim());
            }
        });
        return settings;
    }

    /** Whether the framework (not the user) put {@code key} there. */
    static boolean isFrameworkKey(String key) {
        return key.endsWith(TARGET_SUFFIX) || FRAMEWORK_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /** A property value as one string. */
    static String text(Object value) {
        if (value.getClass().isArray()) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < Array.getLength(value); i++) {
                items.add(String.valueOf(Array.get(value, i)));
            }
            return String.join(",", items);
        }
        if (value instanceof Collection<?> items) {
            return String.join(",", items.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }

    /** Whether the user's configuration sets {@code key} to something other than blank. */
    static boolean isSet(Map<String, ?> properties, String key) {
        Object value = properties.get(key);
        return value != null && !text(value).isBlank();
    }
}
