// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.Test;

class HeapSettingsTest {

    private static HeapSpec convert(Map<String, ?> config, String factoryType) {
        Map<String, Object> properties = Configs.heapProperties(config);
        return HeapSettings.toHeapSpec(Configs.of(HeapInstanceComponent.Config.class, properties), properties,
                factoryType);
    }

    @Test
    void cmaHeapAsShippedWithTheLauncher() {
        HeapSpec spec = convert(Map.of("name", "reserved", "type", "cma", "id", "1", "cma.area", "linux,cma",
                "factory.target", "(dmabuf.heap.type=cma)"), "cma");

        assertEquals(new HeapSpec("reserved", "cma", 1, "dma-heap", Map.of("cma.area", "linux,cma")), spec);
    }

    @Test
    void typeDefaultsToTheFactoryTypeAndCachingModelToDmaHeap() {
        HeapSpec spec = convert(Map.of("name", "system", "id", 0), "system");

        assertEquals(HeapSpec.of("system", "system", 0, "dma-heap"), spec);
    }

    @Test
    void configuredTypeAndCachingModelWinAndOtherSettingsPassThrough() {
        HeapSpec spec = convert(Map.of("name", " legacy ", "type", "system", "id", 5, "caching.model", "ion-4.9",
                "pool.orders", new int[] {8, 4, 0}), "other");

        assertEquals(new HeapSpec("legacy", "system", 5, "ion-4.9", Map.of("pool.orders", "8,4,0")), spec);
    }

    @Test
    void missingNameIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("id", 0), "system"));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("EINVAL: org.dmabufsim.heap org.dmabufsim.heap~test: no name (the dma-heap node name, e.g."
                + " system)", e.getMessage());
    }

    @Test
    void missingIdIsEinvalRatherThanIdZero() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("name", "system"), "system"));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().endsWith("no id (heap system: the ION heap id, 0..31)"), e.getMessage());
    }
}
