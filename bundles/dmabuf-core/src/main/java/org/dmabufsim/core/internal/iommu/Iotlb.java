// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.dmabufsim.dma.IotlbEntry;

/**
 * The IOMMU's TLB for one domain: a bounded cache of leaf translations (4 KiB, 2 MiB or 1 GiB)
 * with seeded random replacement. It holds whatever was walked until it is invalidated, so an entry
 * for an IOVA that was unmapped without invalidation still translates: the lazy-mode hazard.
 *
 * <p>Not thread-safe: guarded by the owning domain's lock.
 */
final class Iotlb {
    /** Default number of entries. */
    static final int DEFAULT_ENTRIES = 128;
    private static final long[] SIZES = {IoPageTable.SZ_4K, IoPageTable.SZ_2M, IoPageTable.SZ_1G};

    private final int capacity;
    private final RandomGenerator random;
    private final List<IotlbEntry> slots = new ArrayList<>(); // order decides replacement, never hash order
    private final IotlbIndex index; // key -> position in slots
    private final long[] keys; // keys[i]: the key of slots[i], so a replacement need not read the entry it drops
    private final int[] perLevel = new int[SIZES.length]; // entries of each page size
    private volatile long generation; // bumped by every change; read without the domain's lock

    Iotlb(int capacity, RandomGenerator random) {
        if (capacity < 1) {
            throw new IllegalArgumentException("IOTLB entries " + capacity);
        }
        this.capacity = capacity;
        this.random = random;
        this.index = new IotlbIndex(capacity);
        this.keys = new long[capacity];
    }

    /** The cached translation covering {@code iova}, smallest page size first, or {@code null}. */
    IotlbEntry lookup(long iova) {
        for (int level = 0; level < SIZES.length; level++) {
            if (perLevel[level] == 0) {
                continue; // no entry of this size: its probe could only miss
            }
            int pos = index.get(key(iova & -SIZES[level], level));
            if (pos >= 0) {
                return slots.get(pos);
            }
        }
        return null;
    }

    /** Caches a walked translation, evicting a random entry when full. */
    void insert(IotlbEntry entry) {
        int level = level(entry);
        insert(entry, key(entry.iova(), level), level);
    }

    /** {@link #insert} of a 4 KiB page's entry at {@code pageIova}, without reading the entry. */
    void insertPage(IotlbEntry entry, long pageIova) {
        insert(entry, key(pageIova, 0), 0);
    }

    private void insert(IotlbEntry entry, long key, int level) {
        int pos = index.get(key);
        bump();
        if (pos >= 0) {
            slots.set(pos, entry);
            return;
        }
        if (slots.size() == capacity) {
            removeAt(random.nextInt(capacity));
        }
        index.put(key, slots.size());
        keys[slots.size()] = key;
        slots.add(entry);
        perLevel[level]++;
    }

    /** A number that changes whenever the contents change; safe to read without the domain's lock. */
    long generation() {
        return generation;
    }

    /** Whether an entry of a smaller page size than {@code e}'s could answer a lookup inside {@code e}. */
    boolean shadowed(IotlbEntry e) {
        for (int level = 0; level < level(e); level++) {
            if (perLevel[level] > 0) {
                return true;
            }
        }
        return false;
    }

    /** Drops every entry overlapping {@code [iova, iova + size)}; returns how many. */
    int invalidateRange(long iova, long size) {
        int dropped = 0;
        int i = 0;
        while (i < slots.size()) {
            IotlbEntry e = slots.get(i);
            if (e.iova() < iova + size && iova < e.iova() + e.addrMask() + 1) {
                if (dropped == 0) {
                    bump(); // once, before the first change
                }
                removeAt(i);
                dropped++;
            } else {
                i++;
            }
        }
        return dropped;
    }

    /** Drops everything ({@code flush_iotlb_all}). */
    void invalidateAll() {
        bump();
        slots.clear();
        index.clear();
        Arrays.fill(perLevel, 0);
    }

    int size() {
        return slots.size();
    }

    /** A new generation: the only writer holds the domain's lock. */
    private void bump() {
        generation++;
    }

    /** Removes one entry; the caller bumps {@link #generation} once for its whole change. */
    private void removeAt(int pos) {
        long gone = keys[pos];
        perLevel[(int) (gone & 3)]--; // the level is in the key's low bits
        int lastPos = slots.size() - 1;
        IotlbEntry last = slots.remove(lastPos);
        index.remove(gone);
        if (pos < lastPos) {
            slots.set(pos, last);
            keys[pos] = keys[lastPos];
            index.put(keys[pos], pos);
        }
    }

    private static int level(IotlbEntry e) {
        long size = e.addrMask() + 1;
        return size == IoPageTable.SZ_4K ? 0 : size == IoPageTable.SZ_2M ? 1 : 2;
    }

    /** Leaf IOVAs are at least 4 KiB aligned, so the level fits in the low bits. */
    private static long key(long alignedIova, int level) {
        return alignedIova | level;
    }
}
