// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

class SimulationSettingsTest {

    private static SimulationConfig convert(Map<String, ?> properties) {
        return SimulationSettings.toSimulationConfig(Configs.of(DefaultSimulationComponent.Config.class, properties));
    }

    @Test
    void noConfigurationGivesTheDefaults() {
        assertEquals(SimulationConfig.defaults(), convert(Map.of()));
    }

    @Test
    void annotationDefaultsAreThoseOfSimulationConfigDefaults() {
        SimulationConfig defaults = SimulationConfig.defaults();

        assertEquals(defaults.seed(), SimulationSettings.DEFAULT_SEED);
        assertEquals(defaults.memory().totalBytes(), SimulationSettings.DEFAULT_DRAM_BYTES);
        assertEquals(defaults.era().name(), SimulationSettings.DEFAULT_ERA);
        assertEquals(defaults.cache().capacityBytes(), SimulationSettings.DEFAULT_CACHE_CAPACITY);
        assertEquals(defaults.cache().adversarial(), Configs.of(DefaultSimulationComponent.Config.class, Map.of())
                .adversarial());
    }

    @Test
    void everyAttributeReachesTheSimulationConfigFromConfigAdminStrings() {
        SimulationConfig config = convert(Map.of("seed", "42", "dram.bytes", Long.toString(4 * MemoryLayout.GIB),
                "era", "up_to_5_18", "cache.capacity", "1048576", "adversarial", "true"));

        SimulationConfig defaults = SimulationConfig.defaults();
        assertEquals(42L, config.seed());
        assertEquals(MemoryLayout.ofDram(4 * MemoryLayout.GIB), config.memory());
        assertEquals(Arm64Era.UP_TO_5_18, config.era());
        assertEquals(defaults.cache().withCapacity(1L << 20).withAdversarial(true), config.cache());
        assertEquals(defaults.costs(), config.costs());
    }

    @Test
    void dramUnderOneGibIsEinvalNamingTheAttribute() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("dram.bytes", 1L << 29)));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("org.dmabufsim.simulation: dram.bytes = 536870912: DRAM must be at least"
                + " 1 GiB"), e.getMessage());
    }

    @Test
    void cacheCapacityNotAPowerOfTwoIsEinval() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("cache.capacity", 3_000_000L)));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("org.dmabufsim.simulation: cache.capacity = 3000000: a power of two of at"
                + " least 1024 bytes is needed"), e.getMessage());
    }

    @Test
    void unknownEraIsEinvalListingTheEras() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> convert(Map.of("era", "4.9")));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("era = 4.9: one of [UP_TO_5_18, FROM_5_19] is needed"), e.getMessage());
    }

    @Test
    void blankEraIsTheDefault() {
        assertEquals(Arm64Era.FROM_5_19, SimulationSettings.era(" "));
    }
}
