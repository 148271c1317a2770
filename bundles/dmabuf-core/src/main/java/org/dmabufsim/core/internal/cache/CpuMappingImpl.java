// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.BitSet;
import java.util.Objects;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.FaultHandler;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * A vmap or user mapping of page frames with one set of attributes, optionally fault-tracked: then a
 * page is absent until a touch makes the {@link FaultHandler} insert it ({@code vm_insert_pfn}), and
 * {@link #zap()} makes every page absent again. {@code present} is guarded by {@code lock}; the
 * handler is called without it, so it may call {@link #insertPage}.
 */
final class CpuMappingImpl implements CpuMapping {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    @FunctionalInterface
    private interface Piece {
        void apply(long phys, long bufOff, int n);
    }

    private final CpuImpl cpu;
    private final long id;
    private final MappedPages pages;
    private final MemAttr attr;
    private final CpuAccess access;
    private final FaultHandler handler; // null unless fault-tracked
    private final Object lock = new Object(); // guards present
    private final BitSet present;
    private volatile boolean mapped = true;

    CpuMappingImpl(CpuImpl cpu, long id, MappedPages pages, MemAttr attr, CpuAccess access, FaultHandler handler) {
        this.cpu = cpu;
        this.id = id;
        this.pages = pages;
        this.attr = attr;
        this.access = access;
        this.handler = handler;
        this.present = handler == null ? null : new BitSet();
    }

    /** Creation order within the CPU. */
    long id() {
        return id;
    }

    CpuAccess access() {
        return access;
    }

    @Override
    public long size() {
        return pages.size();
    }

    @Override
    public MemAttr attr() {
        return attr;
    }

    @Override
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        Objects.checkFromIndexSize(dstOffset, length, dst.length);
        walk(offset, length, false, (phys, bufOff, n) -> access.read(phys, dst, dstOffset + (int) bufOff, n));
    }

    @Override
    public void write(long offset, byte[] src, int srcOffset, int length) {
        Objects.checkFromIndexSize(srcOffset, length, src.length);
        walk(offset, length, true, (phys, bufOff, n) -> access.write(phys, src, srcOffset + (int) bufOff, n));
    }

    @Override
    public void fill(long offset, long length, byte value) {
        walk(offset, length, true, (phys, bufOff, n) -> access.fill(phys, n, value));
    }

    private void walk(long offset, long length, boolean write, Piece piece) {
        ensureMapped();
        if (length < 0 || offset < 0 || offset > size() - length) {
            throw new ErrnoException(Errno.EFAULT, String.format("access %#x+%#x outside a mapping of %#x bytes",
                    offset, length, size()));
        }
        long done = 0;
        while (done < length) {
            long off = offset + done;
            long n = Math.min(length - done, Math.min(pages.contiguous(off), Integer.MAX_VALUE));
            if (handler != null) {
                n = Math.min(n, PAGE - (off & (PAGE - 1)));
                faultIn(off / PAGE, write);
            }
            piece.apply(pages.physAt(off), done, (int) n);
            done += n;
        }
    }

    private void faultIn(long pageIndex, boolean write) {
        synchronized (lock) {
            if (present.get((int) pageIndex)) {
                return;
            }
        }
        if (!handler.fault(this, pageIndex, write)) {
            throw new ErrnoException(Errno.EFAULT, "SIGBUS: fault handler refused page " + pageIndex);
        }
        synchronized (lock) {
            if (!present.get((int) pageIndex)) {
                throw new ErrnoException(Errno.EFAULT, "SIGBUS: fault handler did not insert page " + pageIndex);
            }
        }
    }

    @Override
    public long physAt(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IndexOutOfBoundsException("offset " + offset + " outside a mapping of " + size() + " bytes");
        }
        return pages.physAt(offset);
    }

    @Override
    public boolean isPresent(long pageIndex) {
        Objects.checkIndex(pageIndex, pages.pageCount());
        if (handler == null) {
            return true;
        }
        synchronized (lock) {
            return present.get((int) pageIndex);
        }
    }

    @Override
    public void insertPage(long pageIndex) {
        Objects.checkIndex(pageIndex, pages.pageCount());
        ensureMapped();
        if (handler != null) {
            synchronized (lock) {
                present.set((int) pageIndex);
            }
        }
    }

    @Override
    public void zap() {
        access.drain();
        if (handler != null) {
            synchronized (lock) {
                present.clear();
            }
        }
    }

    @Override
    public void unmap() {
        if (mapped) {
            access.drain();
            mapped = false;
            cpu.unregister(this);
        }
    }

    @Override
    public boolean isMapped() {
        return mapped;
    }

    private void ensureMapped() {
        if (!mapped) {
            throw new IllegalStateException("access through an unmapped " + attr + " mapping");
        }
    }
}
