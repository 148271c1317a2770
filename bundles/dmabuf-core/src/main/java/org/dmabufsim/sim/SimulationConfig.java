// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

import java.util.Objects;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.MemoryLayout;

/**
 * Everything a {@link Simulation} is created from. Two simulations created from equal configurations
 * and driven by the same calls give the same results, whatever the thread schedule.
 *
 * @param seed the seed every per-agent random stream derives from
 * @param memory DRAM banks and reserved regions (carveouts, CMA areas, the swiotlb pool)
 * @param cache the CPU cache up to the point of coherency
 * @param era which arm64 kernel the DMA layer behaves like (rules 86, 95)
 * @param costs the modelled cost of each elementary operation
 */
public record SimulationConfig(long seed, MemoryLayout memory, CacheConfig cache, Arm64Era era, CostTable costs) {

    public SimulationConfig {
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(costs, "costs");
    }

    /**
     * Seed 0, the default 8 GiB arm64 memory map ({@link MemoryLayout#defaults()}), the default cache,
     * the modern era ({@link Arm64Era#FROM_5_19}) and the default costs.
     */
    public static SimulationConfig defaults() {
        return new SimulationConfig(0L, MemoryLayout.defaults(), CacheConfig.defaults(), Arm64Era.FROM_5_19,
                CostTable.defaults());
    }

    public SimulationConfig withSeed(long newSeed) {
        return new SimulationConfig(newSeed, memory, cache, era, costs);
    }

    public SimulationConfig withMemory(MemoryLayout newMemory) {
        return new SimulationConfig(seed, newMemory, cache, era, costs);
    }

    public SimulationConfig withCache(CacheConfig newCache) {
        return new SimulationConfig(seed, memory, newCache, era, costs);
    }

    public SimulationConfig withEra(Arm64Era newEra) {
        return new SimulationConfig(seed, memory, cache, newEra, costs);
    }

    public SimulationConfig withCosts(CostTable newCosts) {
        return new SimulationConfig(seed, memory, cache, era, newCosts);
    }
}
