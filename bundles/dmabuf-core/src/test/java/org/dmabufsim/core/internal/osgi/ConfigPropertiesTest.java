// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigPropertiesTest {

    @Test
    void passesUserPropertiesAsTrimmedTextSortedByKey() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("z.last", " 7 ");
        properties.put("frame.width", 1280);
        properties.put("coherent", true);
        properties.put("list", new String[] {"a", "b"});
        properties.put("longs", new long[] {1L, 2L});
        properties.put("collection", List.of("x", 3));

        Map<String, String> settings = ConfigProperties.passThrough(properties, Set.of());

        assertEquals(List.of("coherent", "collection", "frame.width", "list", "longs", "z.last"),
                List.copyOf(settings.keySet()));
        assertEquals(Map.of("z.last", "7", "frame.width", "1280", "coherent", "true", "list", "a,b",
                "longs", "1,2", "collection", "x,3"), settings);
    }

    @Test
    void dropsConsumedFrameworkAndBlankProperties() {
        Map<String, Object> properties = Configs.heapProperties(Map.of("name", "system", "id", "0",
                "factory.target", "(dmabuf.heap.type=system)", "simulation.target", "(x=y)",
                "felix.fileinstall.filename", "file:/deploy/x.cfg", ".secret", "s", "osgi.ds.x", "1",
                "kept", "yes"));

        Map<String, String> settings = ConfigProperties.passThrough(properties, Set.of("name", "id", "type",
                "caching.model"));

        // cma.area is the annotation's empty default: unset
        assertEquals(Map.of("kept", "yes"), settings);
    }

    @Test
    void frameworkKeysAreThoseOfConfigAdminDsAndFileInstall() {
        for (String key : List.of("service.pid", "service.factoryPid", "service.bundleLocation", "component.name",
                "component.id", "felix.fileinstall.filename", "factory.target", ".private", "osgi.x")) {
            assertTrue(ConfigProperties.isFrameworkKey(key), key);
        }
        for (String key : List.of("name", "cma.area", "import.mode", "targets", "servicex")) {
            assertFalse(ConfigProperties.isFrameworkKey(key), key);
        }
    }

    @Test
    void isSetMeansPresentAndNotBlank() {
        Map<String, Object> properties = Map.of("a", "x", "b", " ", "c", new String[0], "d", 0);

        assertTrue(ConfigProperties.isSet(properties, "a"));
        assertFalse(ConfigProperties.isSet(properties, "b"));
        assertFalse(ConfigProperties.isSet(properties, "c"));
        assertTrue(ConfigProperties.isSet(properties, "d"));
        assertFalse(ConfigProperties.isSet(properties, "missing"));
    }
}
