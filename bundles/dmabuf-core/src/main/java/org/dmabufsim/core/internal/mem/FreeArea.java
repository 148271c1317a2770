// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.HashMap;
import java.util.Map;
import org.dmabufsim.mem.MemoryMap;

/**
 * {@code zone->free_area[]}: one LIFO free list per order plus a lookup of free blocks by pfn (the
 * kernel finds a buddy through its {@code struct page}; we have no per-page objects). Lists are
 * doubly linked so a buddy can leave its list in O(1) when it merges. Not thread-safe: the owning
 * {@link BuddyZone} guards it with its zone lock.
 */
final class FreeArea {
    private static final class Block {
        final long pfn;
        final int order;
        Block prev;
        Block next;

        Block(long pfn, int order) {
            this.pfn = pfn;
            this.order = order;
        }
    }

    private final Block[] heads = new Block[MemoryMap.MAX_ORDER + 1];
    private final Block[] tails = new Block[MemoryMap.MAX_ORDER + 1];
    private final long[] counts = new long[MemoryMap.MAX_ORDER + 1];
    private final Map<Long, Block> byPfn = new HashMap<>();

    /** {@code add_to_free_list}: the block is the next one handed out at its order. */
    void addHead(long pfn, int order) {
        Block b = new Block(pfn, order);
        b.next = heads[order];
        if (heads[order] != null) {
            heads[order].prev = b;
        } else {
            tails[order] = b;
        }
        heads[order] = b;
        register(b);
    }

    /** {@code add_to_free_list_tail}: used while the zone is populated at boot (FPI_TO_TAIL). */
    void addTail(long pfn, int order) {
        Block b = new Block(pfn, order);
        b.prev = tails[order];
        if (tails[order] != null) {
            tails[order].next = b;
        } else {
            heads[order] = b;
        }
        tails[order] = b;
        register(b);
    }

    /** Whether a free block of exactly {@code order} starts at {@code pfn}. */
    boolean isFree(long pfn, int order) {
        Block b = byPfn.get(pfn);
        return b != null && b.order == order;
    }

    /** Removes the free block at {@code pfn} (which must be free). */
    void remove(long pfn) {
        Block b = byPfn.remove(pfn);
        unlink(b);
    }

    /** Pops the head of the list of {@code order}, or returns -1 if it is empty. */
    long popHead(int order) {
        Block b = heads[order];
        if (b == null) {
            return -1;
        }
        byPfn.remove(b.pfn);
        unlink(b);
        return b.pfn;
    }

    long count(int order) {
        return counts[order];
    }

    /** Free blocks of {@code order}, head first (for tests and debug dumps). */
    long[] list(int order) {
        long[] out = new long[(int) counts[order]];
        int i = 0;
        for (Block b = heads[order]; b != null; b = b.next) {
            out[i++] = b.pfn;
        }
        return out;
    }

    private void register(Block b) {
        byPfn.put(b.pfn, b);
        counts[b.order]++;
    }

    private void unlink(Block b) {
        if (b.prev != null) {
            b.prev.next = b.next;
        } else {
            heads[b.order] = b.next;
        }
        if (b.next != null) {
            b.next.prev = b.prev;
        } else {
            tails[b.order] = b.prev;
        }
        b.prev = null;
        b.next = null;
        counts[b.order]--;
    }
}
