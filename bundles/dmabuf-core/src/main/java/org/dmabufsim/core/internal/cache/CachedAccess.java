// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

/** Normal write-back cacheable memory: every access goes through the cache. Stateless. */
final class CachedAccess implements CpuAccess {
    private final CpuCacheImpl cache;

    CachedAccess(CpuCacheImpl cache) {
        this.cache = cache;
    }

    @Override
    public void read(long phys, byte[] dst, int off, int len) {
        cache.cpuRead(phys, dst, off, len);
    }

    @Override
    public void write(long phys, byte[] src, int off, int len) {
        cache.cpuWrite(phys, src, off, len);
    }

    @Override
    public void fill(long phys, long len, byte value) {
        cache.cpuFill(phys, len, value);
    }
}
