// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Objects;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * The kernel's cacheable linear map of system RAM: offsets are physical addresses. Memory without a
 * linear alias ({@code no-map} regions, holes between banks) faults with EFAULT. It is never
 * unmapped or zapped; it has no state of its own.
 */
final class LinearMapping implements CpuMapping {
    private final MemoryMapImpl memory;
    private final CachedAccess access;
    private final long size;

    LinearMapping(MemoryMapImpl memory, CachedAccess access) {
        this.memory = memory;
        this.access = access;
        this.size = memory.layout().banks().stream().mapToLong(DramBank::end).max().orElse(0);
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public MemAttr attr() {
        return MemAttr.CACHEABLE;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        check(offset, length);
        access.read(offset, dst, dstOffset, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        check(offset, length);
        access.write(offset, src, srcOffset, length);
    }

    @Override
    public void fill(long offset, long length, byte value) {
        check(offset, length);
        access.fill(offset, length, value);
    }

    private void check(long phys, long length) {
        if (length < 0 || !memory.isLinearMapped(phys, length)) {
            throw new ErrnoException(Errno.EFAULT, String.format(
                    "Unable to handle kernel paging request at linear-map address for phys %#x len %#x", phys, length));
        }
    }

    @Override
    public long physAt(long offset) {
        return offset;
    }

    @Override
    public boolean isPresent(long pageIndex) {
        return true;
    }

    /** Every page of the linear map is always present: nothing to insert. */
    @Override
    public void insertPage(long pageIndex) {
        Objects.checkIndex(pageIndex, size >>> MemoryMap.PAGE_SHIFT);
    }

    /** The linear map has no write-combine buffer and no fault tracking: zapping changes nothing. */
    @Override
    public void zap() {
        // cacheable and always present: no state to drain or drop
    }

    @Override
    public void unmap() {
        throw new IllegalStateException("the linear map is never unmapped");
    }

    @Override
    public boolean isMapped() {
        return true;
    }
}
