// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.HashMap;
import java.util.Map;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IotlbEntry;

/**
 * The page table's leaves as the device's walk reads them, laid out like the table itself: per 2 MiB
 * of IOVA space a last-level table of 512 page entries and the 2 MiB block entry, and 1 GiB blocks by
 * number. The walk of consecutive pages reads consecutive slots of one table instead of a hashed
 * bucket each, and each leaf's {@link IotlbEntry} is made once, when it is put, so a walk allocates
 * nothing. Like the page table's map by first page, it holds at most one leaf per first page.
 *
 * <p>Not thread-safe: guarded by the owning domain's lock (as are the lookup hints in {@code recent}).
 */
final class WalkIndex {
    private static final int HINTS = 16;

    /** The leaves of one 2 MiB region: 4 KiB pages by index, and a 2 MiB block. */
    private static final class Region {
        final long number;
        final IotlbEntry[] pages = new IotlbEntry[512];
        final long[] out = new long[512]; // pages[i].translatedAddr(), read without touching the entry
        final byte[] access = new byte[512]; // pages[i]'s permission: bit 0 read, bit 1 write
        IotlbEntry block;
        int count; // leaves held

        Region(long number) {
            this.number = number;
        }
    }

    private final Map<Long, Region> regions = new HashMap<>(); // by iova >>> 21; never iterated
    private final Map<Long, IotlbEntry> gigaBlocks = new HashMap<>(); // by iova >>> 30; never iterated
    private final Region[] recent = new Region[HINTS]; // direct-mapped by region number
    private IotlbEntry walked; // the entry of the last page pagePhys() answered

    /** The entry of the leaf covering {@code iova}: a page, else a 2 MiB block, else a 1 GiB block. */
    IotlbEntry walk(long iova) {
        Region r = region(iova >>> 21);
        if (r != null) {
            IotlbEntry e = r.pages[(int) (iova >>> 12) & 511];
            if (e != null) {
                return e;
            }
            if (r.block != null) {
                return r.block;
            }
        }
        return gigaBlocks.isEmpty() ? null : gigaBlocks.get(iova >>> 30);
    }

    /**
     * The common walk, from the table's arrays without reading the entry: the physical address of
     * {@code iova} when a 4 KiB page leaf covers it and permits the access ({@link #walked()} is then
     * its entry), otherwise -1 and the caller walks with {@link #walk}.
     */
    long pagePhys(long iova, boolean write) {
        Region r = region(iova >>> 21);
        if (r == null) {
            return -1;
        }
        int i = (int) (iova >>> 12) & 511;
        if ((r.access[i] & (write ? 2 : 1)) == 0) {
            return -1; // no page leaf (0), or one that does not permit the access
        }
        walked = r.pages[i];
        return r.out[i] + (iova & (IoPageTable.SZ_4K - 1));
    }

    /** The entry of the page the last successful {@link #pagePhys} answered. */
    IotlbEntry walked() {
        return walked;
    }

    /** Adds a leaf (4 KiB, 2 MiB or 1 GiB, aligned to its size), replacing any leaf at its first page. */
    void put(IommuMapping leaf) {
        remove(leaf.iova());
        IotlbEntry e = new IotlbEntry(leaf.iova(), leaf.phys(), leaf.size() - 1, leaf.perm());
        if (leaf.size() == IoPageTable.SZ_1G) {
            gigaBlocks.put(leaf.iova() >>> 30, e);
            return;
        }
        Region r = region(leaf.iova() >>> 21);
        if (r == null) {
            r = new Region(leaf.iova() >>> 21);
            regions.put(r.number, r);
        }
        if (leaf.size() == IoPageTable.SZ_2M) {
            r.block = e;
        } else {
            int i = (int) (leaf.iova() >>> 12) & 511;
            r.pages[i] = e;
            r.out[i] = leaf.phys();
            r.access[i] = (byte) ((leaf.perm().canRead() ? 1 : 0) | (leaf.perm().canWrite() ? 2 : 0));
        }
        r.count++;
    }

    /** Removes whatever leaf starts at {@code iova}. */
    void remove(long iova) {
        if ((iova & (IoPageTable.SZ_1G - 1)) == 0) {
            gigaBlocks.remove(iova >>> 30);
        }
        Region r = region(iova >>> 21);
        if (r == null) {
            return;
        }
        int i = (int) (iova >>> 12) & 511;
        if (r.pages[i] != null) {
            r.pages[i] = null;
            r.access[i] = 0;
            r.count--;
        }
        if ((iova & (IoPageTable.SZ_2M - 1)) == 0 && r.block != null) {
            r.block = null;
            r.count--;
        }
        if (r.count == 0) {
            regions.remove(r.number);
            int slot = (int) r.number & (HINTS - 1);
            if (recent[slot] == r) {
                recent[slot] = null;
            }
        }
    }

    private Region region(long number) {
        int slot = (int) number & (HINTS - 1);
        Region r = recent[slot];
        if (r != null && r.number == number) {
            return r;
        }
        r = regions.get(number);
        if (r != null) {
            recent[slot] = r;
        }
        return r;
    }
}
