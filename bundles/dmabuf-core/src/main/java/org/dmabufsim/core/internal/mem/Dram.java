// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryMap;

/**
 * The raw contents of all DRAM banks, below the CPU cache. Bulk operations move page-sized pieces
 * with {@link System#arraycopy}; nothing here allocates per line or loops per byte.
 *
 * <p>DRAM has no locks, as on hardware: concurrent writers of the same bytes race and the result is
 * whichever store lands last (see {@link DramBankStore}). Accounting of backed pages stays exact.
 */
public final class Dram {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    private final DramBankStore[] banks; // sorted by base, never modified
    private final AtomicLong backedPages = new AtomicLong();

    public Dram(List<DramBank> banks) {
        List<DramBankStore> list = new ArrayList<>();
        for (DramBank b : banks) {
            list.add(new DramBankStore(b, backedPages));
        }
        list.sort(Comparator.comparingLong(s -> s.bank().base()));
        this.banks = list.toArray(new DramBankStore[0]);
    }

    /** Whether {@code phys} is in a bank. */
    public boolean isDram(long phys) {
        return bankOf(phys) != null;
    }

    /** Whether all of {@code [phys, phys+len)} is DRAM (banks may be adjacent). */
    public boolean isDram(long phys, long len) {
        long p = phys;
        long end = phys + len;
        while (p < end) {
            DramBankStore s = bankOf(p);
            if (s == null) {
                return false;
            }
            p = s.bank().end();
        }
        return true;
    }

    /** Host bytes backing touched pages: {@code PAGE_SIZE} per backed page, exactly. */
    public long hostBytes() {
        return backedPages.get() * PAGE;
    }

    /** Reads DRAM; absent pages read as zeros. */
    public void read(long phys, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        while (len > 0) {
            DramBankStore s = require(phys, len);
            int n = (int) Math.min(len, s.bank().end() - phys);
            s.read(phys, dst, off, n);
            phys += n;
            off += n;
            len -= n;
        }
    }

    /** Writes DRAM; a write of zeros to an absent page allocates nothing. */
    public void write(long phys, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        while (len > 0) {
            DramBankStore s = require(phys, len);
            int n = (int) Math.min(len, s.bank().end() - phys);
            s.write(phys, src, off, n);
            phys += n;
            off += n;
            len -= n;
        }
    }

    /** Writes {@code len} copies of {@code value}; whole zero pages drop their backing. */
    public void fill(long phys, long len, byte value) {
        while (len > 0) {
            DramBankStore s = require(phys, len);
            long n = Math.min(len, s.bank().end() - phys);
            s.fill(phys, n, value);
            phys += n;
            len -= n;
        }
    }

    /** Zeroes DRAM; whole pages lose their backing, so zeroing costs host memory nothing. */
    public void zero(long phys, long len) {
        long end = phys + len;
        long firstWhole = (phys + PAGE - 1) & -PAGE;
        long lastWhole = end & -PAGE;
        if (firstWhole >= lastWhole) {
            fill(phys, len, (byte) 0);
            return;
        }
        fill(phys, firstWhole - phys, (byte) 0);
        for (long p = firstWhole; p < lastWhole;) {
            DramBankStore s = require(p, lastWhole - p);
            long stop = Math.min(lastWhole, s.bank().end());
            s.dropRange(p, stop);
            p = stop;
        }
        fill(lastWhole, end - lastWhole, (byte) 0);
    }

    /**
     * Copies DRAM to DRAM in page pieces, as a device or a CPU memcpy would; absent source pages copy
     * as zeros without allocating. The ranges must not overlap.
     */
    public void copy(long srcPhys, long dstPhys, long len) {
        if (len > 0 && srcPhys < dstPhys + len && dstPhys < srcPhys + len) {
            throw new IllegalArgumentException(String.format("overlapping DRAM copy %#x -> %#x len %#x", srcPhys,
                    dstPhys, len));
        }
        require(srcPhys, len);
        require(dstPhys, len);
        while (len > 0) {
            int n = (int) Math.min(len, Math.min(PAGE - (srcPhys & (PAGE - 1)), PAGE - (dstPhys & (PAGE - 1))));
            byte[] src = require(srcPhys, n).pageForRead(srcPhys);
            if (src == null) {
                fill(dstPhys, n, (byte) 0);
            } else {
                byte[] dst = require(dstPhys, n).pageForWrite(dstPhys);
                System.arraycopy(src, (int) (srcPhys & (PAGE - 1)), dst, (int) (dstPhys & (PAGE - 1)), n);
            }
            srcPhys += n;
            dstPhys += n;
            len -= n;
        }
    }

    /**
     * A device transfer DRAM to DRAM with exactly the effect of {@link #read} into a buffer followed
     * by {@link #write} of that buffer, without the buffer: an absent source page reads as zeros, and
     * zeros written to an absent destination page allocate nothing. The ranges must not overlap.
     */
    public void transfer(long srcPhys, long dstPhys, int len) {
        if (len > 0 && srcPhys < dstPhys + len && dstPhys < srcPhys + len) {
            throw new IllegalArgumentException(String.format("overlapping DRAM transfer %#x -> %#x len %#x",
                    srcPhys, dstPhys, len));
        }
        while (len > 0) {
            int n = (int) Math.min(len, Math.min(PAGE - (srcPhys & (PAGE - 1)), PAGE - (dstPhys & (PAGE - 1))));
            byte[] src = require(srcPhys, n).pageForRead(srcPhys);
            require(dstPhys, n).writeFrom(src, (int) (srcPhys & (PAGE - 1)), dstPhys, n);
            srcPhys += n;
            dstPhys += n;
            len -= n;
        }
    }

    /** Backed pages in {@code [fromPhys, toPhys)}, page aligned; parts outside DRAM count nothing. */
    public long backedPages(long fromPhys, long toPhys) {
        long count = 0;
        for (DramBankStore s : banks) {
            long from = Math.max(fromPhys, s.bank().base());
            long to = Math.min(toPhys, s.bank().end());
            if (from < to) {
                count += s.backedPages(from, to);
            }
        }
        return count;
    }

    private DramBankStore bankOf(long phys) {
        for (DramBankStore s : banks) {
            if (s.contains(phys)) {
                return s;
            }
        }
        return null;
    }

    private DramBankStore require(long phys, long len) {
        DramBankStore s = bankOf(phys);
        if (s != null && len >= 0 && len <= s.bank().end() - phys) {
            return s; // the common case: the range is within one bank
        }
        if (s == null || len < 0 || !isDram(phys, len)) {
            throw new IllegalArgumentException(String.format("not DRAM: %#x len %#x", phys, len));
        }
        return s;
    }
}
