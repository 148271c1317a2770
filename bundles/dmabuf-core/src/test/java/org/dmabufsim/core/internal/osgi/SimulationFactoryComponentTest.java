// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.dmabufsim.sim.SimulationFactory;
import org.junit.jupiter.api.Test;

class SimulationFactoryComponentTest {

    @Test
    void createsIndependentSimulationsFromTheGivenConfig() {
        SimulationFactoryComponent component = new SimulationFactoryComponent();
        SimulationConfig config = SimulationConfig.defaults().withSeed(42L);

        try (Simulation first = component.create(config); Simulation second = component.create(config)) {
            assertSame(config, first.config());
            assertEquals(42L, first.seed());
            assertEquals(SimulationImpl.class, first.getClass());
            assertNotSame(first, second);
            assertNotSame(first.log(), second.log());
        }
    }

    @Test
    void delegatesEveryCallUnchanged() {
        List<SimulationConfig> seen = new ArrayList<>();
        SimulationFactory recording = config -> {
            seen.add(config);
            return new SimulationImpl(config);
        };
        SimulationFactoryComponent component = new SimulationFactoryComponent(recording);
        SimulationConfig config = SimulationConfig.defaults().withSeed(7L);

        try (Simulation sim = component.create(config)) {
            assertEquals(List.of(config), seen);
            assertEquals(7L, sim.seed());
        }
    }

    @Test
    void nullConfigIsRejectedWithoutCreatingAnything() {
        SimulationFactoryComponent component = new SimulationFactoryComponent();

        assertThrows(NullPointerException.class, () -> component.create(null));
    }
}
