// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.Arrays;
import java.util.Locale;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;

/**
 * The configuration {@value DefaultSimulationComponent#PID} as a {@link SimulationConfig}: what is
 * not configured comes from {@link SimulationConfig#defaults()}. The attribute defaults of
 * {@link DefaultSimulationComponent.Config} are the constants below, which equal those defaults.
 */
final class SimulationSettings {
    /** {@code SimulationConfig.defaults().seed()}. */
    static final long DEFAULT_SEED = 0L;
    /** {@code SimulationConfig.defaults().memory().totalBytes()}: 8 GiB. */
    static final long DEFAULT_DRAM_BYTES = 8L << 30;
    /** {@code SimulationConfig.defaults().era()}. */
    static final String DEFAULT_ERA = "FROM_5_19";
    /** {@code SimulationConfig.defaults().cache().capacityBytes()}: 2 MiB. */
    static final long DEFAULT_CACHE_CAPACITY = 2L << 20;

    private SimulationSettings() {
    }

    /**
     * The simulation to create.
     *
     * @throws ErrnoException EINVAL naming the attribute when a value is out of range (DRAM under 1 GiB
     *         or not page aligned, a cache capacity that is not a power of two, an unknown era)
     */
    static SimulationConfig toSimulationConfig(DefaultSimulationComponent.Config config) {
        SimulationConfig defaults = SimulationConfig.defaults();
        return defaults.withSeed(config.seed())
                .withMemory(memory(config.dram_bytes(), defaults.memory()))
                .withCache(cache(config.cache_capacity(), config.adversarial(), defaults.cache()))
                .withEra(era(config.era()));
    }

    private static MemoryLayout memory(long dramBytes, MemoryLayout defaults) {
        if (dramBytes == defaults.totalBytes()) {
            return defaults;
        }
        try {
            return MemoryLayout.ofDram(dramBytes);
        } catch (IllegalArgumentException e) {
            throw invalid("dram.bytes", dramBytes, e.getMessage());
        }
    }

    private static CacheConfig cache(long capacity, boolean adversarial, CacheConfig defaults) {
        try {
            return defaults.withCapacity(capacity).withAdversarial(adversarial);
        } catch (IllegalArgumentException e) {
            throw invalid("cache.capacity", capacity, "a power of two of at least " + defaults.ways() * 64L
                    + " bytes is needed");
        }
    }

    /** An era by its enum name, in any case; blank means the default. */
    static Arm64Era era(String name) {
        if (name == null || name.isBlank()) {
            return SimulationConfig.defaults().era();
        }
        try {
            return Arm64Era.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("era", name, "one of " + Arrays.toString(Arm64Era.values()) + " is needed");
        }
    }

    private static ErrnoException invalid(String attribute, Object value, String why) {
        return new ErrnoException(Errno.EINVAL, DefaultSimulationComponent.PID + ": " + attribute + " = " + value
                + ": " + why);
    }
}
