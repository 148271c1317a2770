// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Objects;

/**
 * Device DMA as the interconnect sees it. A non-coherent master reads and writes DRAM only: present
 * lines are neither consulted nor changed (so they may become stale). An IO-coherent master snoops:
 * a read takes any present line's bytes, clean or dirty, even a clean line that went stale when a
 * non-coherent master wrote DRAM behind it; a write first writes back dirty lines it covers only in
 * part, then drops every present line it touches, then writes DRAM.
 *
 * <p>Bulk data moves with page-sized {@code System.arraycopy}s; snooping visits only present lines,
 * each under its line's lock.
 */
final class DeviceSnoop {
    private static final int LINE = CacheStore.LINE;
    private static final int SHIFT = CacheStore.LINE_SHIFT;

    private final CacheStore store;

    DeviceSnoop(CacheStore store) {
        this.store = store;
    }

    /** A device read of {@code [phys, phys+len)} into {@code dst[off..]}. */
    void read(long phys, byte[] dst, int off, int len, boolean coherent) {
        Objects.checkFromIndexSize(off, len, dst.length);
        store.dram().read(phys, dst, off, len);
        if (!coherent || len == 0) {
            return;
        }
        long end = phys + len;
        for (long line : store.index().present(phys >>> SHIFT, (end - 1) >>> SHIFT)) {
            long lineStart = line << SHIFT;
            long from = Math.max(phys, lineStart);
            long to = Math.min(end, lineStart + LINE);
            CacheSet s = store.set(line);
            synchronized (store.lock(line)) {
                int way = s.lookup(line);
                if (way >= 0) {
                    System.arraycopy(s.data(), s.offset(way) + (int) (from - lineStart), dst,
                            off + (int) (from - phys), (int) (to - from));
                }
            }
        }
    }

    /** A device write of {@code src[off..off+len)} at {@code phys}. */
    void write(long phys, byte[] src, int off, int len, boolean coherent) {
        Objects.checkFromIndexSize(off, len, src.length);
        if (coherent) {
            snoopInvalidate(phys, len);
        }
        store.dram().write(phys, src, off, len);
    }

    /** A device write of {@code len} copies of {@code value} at {@code phys}. */
    void fill(long phys, long len, byte value, boolean coherent) {
        if (coherent) {
            snoopInvalidate(phys, len);
        }
        store.dram().fill(phys, len, value);
    }

    private void snoopInvalidate(long phys, long len) {
        if (len <= 0) {
            return;
        }
        long end = phys + len;
        for (long line : store.index().present(phys >>> SHIFT, (end - 1) >>> SHIFT)) {
            long lineStart = line << SHIFT;
            boolean partial = phys > lineStart || end < lineStart + LINE;
            CacheSet s = store.set(line);
            synchronized (store.lock(line)) {
                int way = s.lookup(line);
                if (way < 0) {
                    continue;
                }
                if (partial && s.isDirty(way)) {
                    store.writeBack(s, way);
                }
                store.drop(s, way);
            }
        }
    }
}
