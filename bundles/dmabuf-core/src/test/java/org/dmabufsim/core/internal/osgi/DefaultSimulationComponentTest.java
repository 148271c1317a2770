// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DefaultSimulationComponentTest {
    private DefaultSimulationComponent component;

    @AfterEach
    void deactivate() {
        if (component != null) {
            component.deactivate();
        }
    }

    private DefaultSimulationComponent activate(Map<String, ?> config) {
        component = new DefaultSimulationComponent(Configs.of(DefaultSimulationComponent.Config.class, config));
        return component;
    }

    @Test
    void withoutConfigurationItIsASimulationWithTheDefaults() {
        assertEquals(SimulationConfig.defaults(), activate(Map.of()).config());
    }

    @Test
    void theConfigurationDecidesTheSimulation() {
        DefaultSimulationComponent sim = activate(Map.of("seed", 99L, "era", "UP_TO_5_18", "adversarial", true));

        assertEquals(99L, sim.seed());
        assertEquals(Arm64Era.UP_TO_5_18, sim.config().era());
        assertTrue(sim.cache().config().adversarial());
    }

    @Test
    void everyCallReachesTheOneSimulation() {
        SimulationImpl impl = activate(Map.of()).simulation();

        assertSame(impl.config(), component.config());
        assertSame(impl.memory(), component.memory());
        assertSame(impl.cache(), component.cache());
        assertSame(impl.cpu(), component.cpu());
        assertSame(impl.dmaDebug(), component.dmaDebug());
        assertSame(impl.dmabufs(), component.dmabufs());
        assertSame(impl.heaps(), component.heaps());
        assertSame(impl.drivers(), component.drivers());
        assertSame(impl.log(), component.log());
        assertEquals(impl.nowNs(), component.nowNs());
        assertEquals(impl.counters(), component.counters());
        assertEquals(impl.random("cache").nextLong(), component.random("cache").nextLong());
    }

    @Test
    void usersCannotCloseTheDefaultSimulation() {
        DefaultSimulationComponent sim = activate(Map.of());

        IllegalStateException e = assertThrows(IllegalStateException.class, sim::close);

        assertTrue(e.getMessage().contains("is the framework's default simulation"), e.getMessage());
        sim.runDevices(); // still open
    }

    @Test
    void deactivateClosesTheSimulation() {
        SimulationImpl impl = activate(Map.of()).simulation();

        component.deactivate();
        component = null;

        assertThrows(IllegalStateException.class, impl::ensureOpen);
    }

    @Test
    void badConfigurationCreatesNothing() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> activate(Map.of("dram.bytes", 4096L)));

        assertEquals(Errno.EINVAL, e.errno());
        assertNull(component);
    }

    @Test
    void serviceFilterSelectsTheDefault() {
        assertEquals("(dmabuf.simulation=default)", DefaultSimulationComponent.TARGET);
        assertEquals("org.dmabufsim.simulation", DefaultSimulationComponent.PID);
    }
}
