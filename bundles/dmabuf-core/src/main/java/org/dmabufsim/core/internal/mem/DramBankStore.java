// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryMap;

/**
 * The contents of one DRAM bank, two-level and sparse: a directory of 2 MiB chunks, each an array of
 * 512 page {@code byte[]}s created on the first write that is not all zeros. An absent page reads as
 * zeros.
 *
 * <p>No locks: the directory slots and page slots are filled by compare-and-set, so the structure and
 * the backed-page count stay exact under concurrency, while concurrent writers of the same bytes race
 * exactly as they would on hardware (the last store wins, byte ranges may interleave).
 */
final class DramBankStore {
    static final int PAGES_PER_CHUNK = 512;
    static final int CHUNK_SHIFT = MemoryMap.PAGE_SHIFT + 9;
    private static final int PAGE = MemoryMap.PAGE_SIZE;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    private final DramBank bank;
    private final AtomicReferenceArray<AtomicReferenceArray<byte[]>> chunks;
    private final AtomicLong backedPages; // shared by all banks of one memory map

    DramBankStore(DramBank bank, AtomicLong backedPages) {
        this.bank = bank;
        this.backedPages = backedPages;
        this.chunks = new AtomicReferenceArray<>((int) ((bank.size() + (1L << CHUNK_SHIFT) - 1) >>> CHUNK_SHIFT));
    }

    DramBank bank() {
        return bank;
    }

    boolean contains(long phys) {
        return phys >= bank.base() && phys < bank.end();
    }

    /** Copies {@code len} bytes at {@code phys} (within this bank) into {@code dst}. */
    void read(long phys, byte[] dst, int off, int len) {
        while (len > 0) {
            int inPage = (int) (phys & (PAGE - 1));
            int n = Math.min(len, PAGE - inPage);
            byte[] page = page(phys);
            if (page == null) {
                Arrays.fill(dst, off, off + n, (byte) 0);
            } else {
                System.arraycopy(page, inPage, dst, off, n);
            }
            phys += n;
            off += n;
            len -= n;
        }
    }

    /** Stores {@code len} bytes of {@code src} at {@code phys} (within this bank). */
    void write(long phys, byte[] src, int off, int len) {
        while (len > 0) {
            int inPage = (int) (phys & (PAGE - 1));
            int n = Math.min(len, PAGE - inPage);
            byte[] page = page(phys);
            if (page == null && !isZero(src, off, n)) {
                page = materialise(phys);
            }
            if (page != null) {
                System.arraycopy(src, off, page, inPage, n);
            }
            phys += n;
            off += n;
            len -= n;
        }
    }

    /**
     * Stores {@code len} bytes of {@code srcPage} (a page of any store, {@code null} for one that reads
     * as zeros) from {@code srcOff} at {@code phys}, within one page: what {@link #write} of those bytes
     * would do.
     */
    void writeFrom(byte[] srcPage, int srcOff, long phys, int len) {
        int inPage = (int) (phys & (PAGE - 1));
        byte[] page = page(phys);
        if (srcPage == null) {
            if (page != null) {
                Arrays.fill(page, inPage, inPage + len, (byte) 0);
            }
            return;
        }
        if (page == null && !isZero(srcPage, srcOff, len)) {
            page = materialise(phys);
        }
        if (page != null) {
            System.arraycopy(srcPage, srcOff, page, inPage, len);
        }
    }

    /** Stores {@code len} copies of {@code value}; whole pages of zeros drop their backing. */
    void fill(long phys, long len, byte value) {
        while (len > 0) {
            int inPage = (int) (phys & (PAGE - 1));
            int n = (int) Math.min(len, PAGE - inPage);
            if (value == 0 && n == PAGE) {
                drop(phys);
            } else {
                byte[] page = page(phys);
                if (page == null && value != 0) {
                    page = materialise(phys);
                }
                if (page != null) {
                    Arrays.fill(page, inPage, inPage + n, value);
                }
            }
            phys += n;
            len -= n;
        }
    }

    /** The page array behind {@code phys}, or {@code null} if the page reads as zeros. */
    byte[] pageForRead(long phys) {
        return page(phys);
    }

    /** The page array behind {@code phys}, created if absent. */
    byte[] pageForWrite(long phys) {
        byte[] page = page(phys);
        return page != null ? page : materialise(phys);
    }

    /** Pages of {@code [fromPhys, toPhys)} (page aligned, within this bank) that have backing. */
    long backedPages(long fromPhys, long toPhys) {
        long count = 0;
        long p = fromPhys;
        while (p < toPhys) {
            long rel = p - bank.base();
            int ci = (int) (rel >>> CHUNK_SHIFT);
            long chunkEnd = Math.min(toPhys, bank.base() + ((long) (ci + 1) << CHUNK_SHIFT));
            AtomicReferenceArray<byte[]> chunk = chunks.get(ci);
            if (chunk != null) {
                for (long q = p; q < chunkEnd; q += PAGE) {
                    if (chunk.get(pageSlot(q)) != null) {
                        count++;
                    }
                }
            }
            p = chunkEnd;
        }
        return count;
    }

    /** Drops the backing of the whole page at {@code phys} (it reads as zeros again). */
    void drop(long phys) {
        AtomicReferenceArray<byte[]> chunk = chunks.get(chunkIndex(phys));
        if (chunk != null && chunk.getAndSet(pageSlot(phys), null) != null) {
            backedPages.decrementAndGet();
        }
    }

    /** Drops every page of {@code [fromPhys, toPhys)} (page aligned); skips absent chunks whole. */
    void dropRange(long fromPhys, long toPhys) {
        long p = fromPhys;
        while (p < toPhys) {
            int ci = chunkIndex(p);
            long chunkEnd = Math.min(toPhys, bank.base() + ((long) (ci + 1) << CHUNK_SHIFT));
            if (chunks.get(ci) != null) {
                for (long q = p; q < chunkEnd; q += PAGE) {
                    drop(q);
                }
            }
            p = chunkEnd;
        }
    }

    private byte[] page(long phys) {
        AtomicReferenceArray<byte[]> chunk = chunks.get(chunkIndex(phys));
        return chunk == null ? null : chunk.get(pageSlot(phys));
    }

    private byte[] materialise(long phys) {
        int ci = chunkIndex(phys);
        AtomicReferenceArray<byte[]> chunk = chunks.get(ci);
        if (chunk == null) {
            AtomicReferenceArray<byte[]> fresh = new AtomicReferenceArray<>(PAGES_PER_CHUNK);
            AtomicReferenceArray<byte[]> won = chunks.compareAndExchange(ci, null, fresh);
            chunk = won == null ? fresh : won;
        }
        int slot = pageSlot(phys);
        byte[] fresh = new byte[PAGE];
        byte[] won = chunk.compareAndExchange(slot, null, fresh);
        if (won != null) {
            return won;
        }
        backedPages.incrementAndGet();
        return fresh;
    }

    private int chunkIndex(long phys) {
        return (int) ((phys - bank.base()) >>> CHUNK_SHIFT);
    }

    private int pageSlot(long phys) {
        return (int) (((phys - bank.base()) >>> MemoryMap.PAGE_SHIFT) & (PAGES_PER_CHUNK - 1));
    }

    private static boolean isZero(byte[] src, int off, int len) {
        return Arrays.mismatch(src, off, off + len, ZERO_PAGE, 0, len) < 0;
    }
}
