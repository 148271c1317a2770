// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.core.internal.sim.Stats;

/**
 * Device-nGnRE memory ({@code pgprot_noncached}): every access goes straight to DRAM, bypassing the
 * cache (present lines of the linear-map alias are left as they are). Stateless.
 */
final class UncachedAccess implements CpuAccess {
    private final Dram dram;
    private final Stats stats;

    UncachedAccess(Dram dram, Stats stats) {
        this.dram = dram;
        this.stats = stats;
    }

    @Override
    public void read(long phys, byte[] dst, int off, int len) {
        dram.read(phys, dst, off, len);
        charge(stats, len);
    }

    @Override
    public void write(long phys, byte[] src, int off, int len) {
        dram.write(phys, src, off, len);
        charge(stats, len);
    }

    @Override
    public void fill(long phys, long len, byte value) {
        dram.fill(phys, len, value);
        charge(stats, len);
    }

    /** Counts and charges an uncached CPU transfer. */
    static void charge(Stats stats, long bytes) {
        stats.uncachedCpuBytes.add(bytes);
        stats.chargeCpu(bytes * stats.costs().uncachedNsPerByte());
    }
}
