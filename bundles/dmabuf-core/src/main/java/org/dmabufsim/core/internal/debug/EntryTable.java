// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DmaDevice;

/**
 * {@code dma_entry_hash[]}: 16384 buckets indexed by bits 13..26 of the DMA address, each with its
 * own lock. No operation holds more than one bucket lock at a time, so there is no global lock on
 * the map, unmap or sync paths.
 */
final class EntryTable {
    /** {@code HASH_SIZE}. */
    static final int HASH_SIZE = 16384;
    /** {@code HASH_FN_SHIFT}. */
    static final int HASH_FN_SHIFT = 13;

    private final Bucket[] buckets = new Bucket[HASH_SIZE];

    EntryTable() {
        for (int i = 0; i < HASH_SIZE; i++) {
            buckets[i] = new Bucket();
        }
    }

    /** {@code hash_fn}. */
    static int hashFn(long devAddr) {
        return (int) ((devAddr >>> HASH_FN_SHIFT) & (HASH_SIZE - 1));
    }

    /** The part of {@code add_dma_entry} that inserts into the hash. */
    void add(DebugEntry entry) {
        buckets[hashFn(entry.devAddr)].add(entry);
    }

    /** Exact best-fit lookup that removes what it finds ({@code check_unmap}); {@code null} if none. */
    DebugEntry takeExact(DebugEntry ref) {
        return buckets[hashFn(ref.devAddr)].takeExact(ref);
    }

    /** {@code get_nr_mapped_entries}. */
    int mappedEnts(DebugEntry ref) {
        return buckets[hashFn(ref.devAddr)].mappedEnts(ref);
    }

    /** {@code debug_dma_mapping_error}. */
    void markChecked(DebugEntry ref) {
        buckets[hashFn(ref.devAddr)].markChecked(ref);
    }

    /**
     * {@code bucket_find_contain} as in recent kernels: searches the reference's bucket, then walks
     * back one bucket (8 KiB of DMA address) at a time, at most {@code min(HASH_SIZE, (addr >> 13) + 1)}
     * buckets, one bucket lock at a time. (Older kernels, e.g. 5.10, stopped the walk after
     * {@code dma_get_max_seg_size()} bytes.)
     */
    DebugEntry findContaining(DebugEntry ref) {
        long limit = Math.min(HASH_SIZE, (ref.devAddr >>> HASH_FN_SHIFT) + 1);
        long index = ref.devAddr;
        for (long i = 0; i < limit; i++) {
            DebugEntry entry = buckets[hashFn(index)].findContaining(ref);
            if (entry != null) {
                return entry;
            }
            index -= 1L << HASH_FN_SHIFT;
        }
        return null;
    }

    /** Visits every entry, bucket 0 first, each bucket in list order, with that bucket's lock held. */
    void forEach(IndexedVisitor visitor) {
        for (int idx = 0; idx < HASH_SIZE; idx++) {
            final int bucketIdx = idx;
            buckets[idx].forEach(entry -> visitor.visit(bucketIdx, entry));
        }
    }

    /** Removes every entry of {@code dev}, in the order {@link #forEach} would visit them. */
    List<DebugEntry> removeDevice(DmaDevice dev) {
        List<DebugEntry> removed = new ArrayList<>();
        for (Bucket bucket : buckets) {
            removed.addAll(bucket.removeDevice(dev));
        }
        return removed;
    }

    /** A visitor that also learns the bucket index ({@code idx} of the dump). */
    @FunctionalInterface
    interface IndexedVisitor {
        void visit(int idx, DebugEntry entry);
    }
}
