// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.BitSet;
import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.mem.MemoryMap;

/**
 * The pending write-combine data of one page: which bytes were written and their values. A page
 * filled whole with one value is kept as that value alone, so a write-combine {@code memset} of a
 * large carveout costs no host page copies. Not thread-safe: guarded by the owning
 * {@link WriteCombineAccess}'s lock.
 */
final class WcPage {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    private byte[] data;       // null while uniform
    private BitSet written;    // null while uniform
    private final boolean uniform;
    private final byte value;

    private WcPage(boolean uniform, byte value) {
        this.uniform = uniform;
        this.value = value;
        if (!uniform) {
            data = new byte[PAGE];
            written = new BitSet(PAGE);
        }
    }

    /** An empty page buffer. */
    static WcPage empty() {
        return new WcPage(false, (byte) 0);
    }

    /** A page written whole with {@code value}. */
    static WcPage uniform(byte value) {
        return new WcPage(true, value);
    }

    /** A partial write into a page that may be uniform: returns the page to keep. */
    WcPage write(int at, byte[] src, int off, int n) {
        WcPage p = editable();
        System.arraycopy(src, off, p.data, at, n);
        p.written.set(at, at + n);
        return p;
    }

    /** A partial fill: returns the page to keep. */
    WcPage fill(int at, int n, byte v) {
        WcPage p = editable();
        Arrays.fill(p.data, at, at + n, v);
        p.written.set(at, at + n);
        return p;
    }

    /** Puts the pending bytes of {@code [at, at+n)} over {@code dst[off..]}. */
    void overlay(int at, byte[] dst, int off, int n) {
        if (uniform) {
            Arrays.fill(dst, off, off + n, value);
            return;
        }
        int i = written.nextSetBit(at);
        while (i >= 0 && i < at + n) {
            int stop = Math.min(at + n, written.nextClearBit(i));
            System.arraycopy(data, i, dst, off + (i - at), stop - i);
            i = written.nextSetBit(stop);
        }
    }

    /** Writes the pending bytes to DRAM at {@code pagePhys}; returns how many bytes that was. */
    int drainTo(Dram dram, long pagePhys) {
        if (uniform) {
            dram.fill(pagePhys, PAGE, value);
            return PAGE;
        }
        int bytes = 0;
        int i = written.nextSetBit(0);
        while (i >= 0) {
            int stop = written.nextClearBit(i);
            dram.write(pagePhys + i, data, i, stop - i);
            bytes += stop - i;
            i = written.nextSetBit(stop);
        }
        return bytes;
    }

    private WcPage editable() {
        if (!uniform) {
            return this;
        }
        WcPage p = empty();
        Arrays.fill(p.data, value);
        p.written.set(0, PAGE);
        return p;
    }
}
