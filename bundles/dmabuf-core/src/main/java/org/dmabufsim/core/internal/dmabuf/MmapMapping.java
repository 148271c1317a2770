// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.concurrent.atomic.AtomicBoolean;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;

/**
 * A user mapping of a dma-buf: the exporter's mapping plus the file reference the VMA holds
 * ({@code vma->vm_file}) for {@code owner} until {@link #unmap()} (rule 5). Everything else is the
 * exporter's mapping.
 */
final class MmapMapping implements CpuMapping {
    private final DmaBufImpl dmabuf;
    private final Owner owner;
    private final CpuMapping inner;
    private final AtomicBoolean unmapped = new AtomicBoolean();

    MmapMapping(DmaBufImpl dmabuf, Owner owner, CpuMapping inner) {
        this.dmabuf = dmabuf;
        this.owner = owner;
        this.inner = inner;
    }

    /** The exporter's mapping. */
    CpuMapping exporterMapping() {
        return inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public MemAttr attr() {
        return inner.attr();
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        inner.read(offset, dst, dstOffset, length);
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) {
        inner.write(offset, src, srcOffset, length);
    }

    @Override
    public void fill(long offset, long length, byte value) {
        inner.fill(offset, length, value);
    }

    @Override
    public long physAt(long offset) {
        return inner.physAt(offset);
    }

    @Override
    public boolean isPresent(long pageIndex) {
        return inner.isPresent(pageIndex);
    }

    @Override
    public void insertPage(long pageIndex) {
        inner.insertPage(pageIndex);
    }

    @Override
    public void zap() {
        inner.zap();
    }

    /** munmap: the exporter's mapping goes, then the file reference (which may release the buffer). */
    @Override
    public void unmap() {
        if (unmapped.compareAndSet(false, true)) {
            inner.unmap();
            dmabuf.putMmapReference(owner);
        }
    }

    @Override
    public boolean isMapped() {
        return !unmapped.get() && inner.isMapped();
    }

    @Override
    public String toString() {
        return "mmap{" + owner + " -> " + dmabuf + "}";
    }
}
