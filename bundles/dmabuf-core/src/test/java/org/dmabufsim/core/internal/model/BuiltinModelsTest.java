// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The three built-in caching models are there in every simulation. */
class BuiltinModelsTest {

    @Test
    void everySimulationListsTheBuiltins() {
        try (Simulation sim = Simulation.create()) {
            assertEquals(List.of("dma-heap", "ion-4.12", "ion-4.9"), sim.dmabufs().cachingModels());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {CachingModel.ION_4_9, CachingModel.ION_4_12, CachingModel.DMA_HEAP})
    void exportPagesAcceptsEachBuiltin(String model) {
        try (ModelFixture f = new ModelFixture()) {
            DmaBuf buf = f.export(model, 0, 0);
            assertEquals(Optional.of(model), buf.cachingModel());
            buf.put(ModelFixture.OWNER);
            assertEquals(true, buf.isReleased());
        }
    }

    @Test
    void builtinsArePerSimulation() {
        try (Simulation a = Simulation.create(); Simulation b = Simulation.create()) {
            a.dmabufs().unregisterCachingModel(CachingModel.ION_4_9);
            assertEquals(List.of("dma-heap", "ion-4.12"), a.dmabufs().cachingModels());
            assertEquals(3, b.dmabufs().cachingModels().size());
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> b.dmabufs().registerCachingModel(new DmaHeapModel()));
            assertEquals(Errno.EEXIST, e.errno());
        }
    }
}
