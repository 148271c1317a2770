// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.sim.SimulationConfig;

/** Simulations and byte patterns for cache and CPU tests. */
final class CacheFixtures {
    /** A page-aligned address in the high bank (ZONE_NORMAL, linear-mapped, no region). */
    static final long P = MemoryLayout.HIGH_BANK_BASE + 0x10_0000L;
    static final int LINE = 64;

    private CacheFixtures() {
    }

    /** The default 8 GiB map with the quiet 2 MiB cache: only capacity misses. */
    static SimulationImpl quiet() {
        return sim(0, CacheConfig.quiet());
    }

    static SimulationImpl sim(long seed, CacheConfig cache) {
        return new SimulationImpl(SimulationConfig.defaults().withSeed(seed).withCache(cache));
    }

    static SimulationImpl sim(SimulationConfig config) {
        return new SimulationImpl(config);
    }

    static byte[] filled(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] dram(SimulationImpl sim, long phys, int len) {
        byte[] b = new byte[len];
        sim.memory().readDram(phys, b, 0, len);
        return b;
    }
}
