// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class HeapInstanceComponentTest {
    private static final Owner OWNER = Owner.process(1);

    @AutoClose
    private final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults());
    private final TestHeapFactory system = new TestHeapFactory("system");

    private HeapInstanceComponent activate(TestHeapFactory factory, Map<String, ?> config) {
        Map<String, Object> properties = Configs.heapProperties(config);
        return new HeapInstanceComponent(sim, factory, Configs.of(HeapInstanceComponent.Config.class, properties),
                properties);
    }

    @Test
    void activationAddsTheHeapAndDeactivationRemovesIt() {
        HeapInstanceComponent component = activate(system, Map.of("name", "system", "id", "0",
                "caching.model", CachingModel.DMA_HEAP));

        assertEquals("system", component.name());
        assertEquals(List.of("system"), sim.heaps().list().stream().map(HeapInfo::name).toList());
        assertEquals(CachingModel.DMA_HEAP, sim.heaps().find("system").orElseThrow().spec().cachingModel());

        component.deactivate();

        assertEquals(List.of(), sim.heaps().list());
        assertEquals(1, system.shutdowns.get());
    }

    @Test
    void deactivationDrainsTheHeapWhileItsBuffersLive() {
        HeapInstanceComponent component = activate(system, Map.of("name", "system", "id", "0",
                "caching.model", CachingModel.DMA_HEAP));
        DmaBuf buffer = sim.heaps().allocate("system", 8192, 0, 0, OWNER);

        component.deactivate();

        ErrnoException e = assertThrows(ErrnoException.class, () -> sim.heaps().allocate("system", 4096, 0, 0, OWNER));
        assertEquals(Errno.ENODEV, e.errno());
        assertFalse(buffer.isReleased());
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());
    }

    @Test
    void secondHeapOfTheSameNameIsRefusedAndTheFirstStays() {
        HeapInstanceComponent first = activate(system, Map.of("name", "system", "id", "0",
                "caching.model", CachingModel.DMA_HEAP));

        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(system, Map.of("name", "system",
                "id", "3", "caching.model", CachingModel.DMA_HEAP)));

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of(0), sim.heaps().list().stream().map(h -> h.spec().id()).toList());
        first.deactivate();
    }

    @Test
    void typeOtherThanTheFactorysIsEinvalAndAddsNothing() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(system, Map.of("name", "reserved",
                "type", "cma", "id", "1", "caching.model", CachingModel.DMA_HEAP)));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), sim.heaps().list());
    }

    @Test
    void unknownCachingModelIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(system, Map.of("name", "system",
                "id", "0", "caching.model", "no-such-model")));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), sim.heaps().list());
    }

    @Test
    void deactivationAfterTheHeapWasRemovedElsewhereIsQuiet() {
        HeapInstanceComponent component = activate(system, Map.of("name", "system", "id", "0",
                "caching.model", CachingModel.DMA_HEAP));
        assertEquals(1, sim.heaps().removeAll(system));

        component.deactivate();

        assertEquals(1, system.shutdowns.get());
    }
}
