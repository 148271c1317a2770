// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/** A CPU mapping double: a length, an unmap counter; accesses are refused. */
final class FakeMapping implements CpuMapping {
    private final long size;
    private final AtomicInteger unmaps = new AtomicInteger();

    FakeMapping(long size) {
        this.size = size;
    }

    int unmaps() {
        return unmaps.get();
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
        throw new IllegalStateException("fake mapping");
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) {
        throw new IllegalStateException("fake mapping");
    }

    @Override
    public void fill(long offset, long length, byte value) {
        throw new IllegalStateException("fake mapping");
    }

    @Override
    public long physAt(long offset) {
        return 0x8000_0000L + offset;
    }

    @Override
    public boolean isPresent(long pageIndex) {
        return true;
    }

    @Override
    public void insertPage(long pageIndex) {
    }

    @Override
    public void zap() {
    }

    @Override
    public void unmap() {
        unmaps.incrementAndGet();
    }

    @Override
    public boolean isMapped() {
        return unmaps.get() == 0;
    }
}
