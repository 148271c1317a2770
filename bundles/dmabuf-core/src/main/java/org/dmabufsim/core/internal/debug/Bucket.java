// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.dmabufsim.dma.DmaDevice;

/**
 * {@code struct hash_bucket}: the entries whose DMA address hashes here, in insertion order
 * ({@code list_add_tail}). The bucket's own monitor is its spinlock: it guards {@link #list} and the
 * {@code map_err_type} of every entry in it.
 */
final class Bucket {
    private final List<DebugEntry> list = new ArrayList<>(); // guarded by this

    /** {@code hash_bucket_add}. */
    synchronized void add(DebugEntry entry) {
        list.add(entry);
    }

    /** {@code bucket_find_exact} and, when found, {@code hash_bucket_del}: the caller now owns the entry. */
    synchronized DebugEntry takeExact(DebugEntry ref) {
        DebugEntry entry = find(ref, false);
        if (entry != null) {
            list.remove(entry);
        }
        return entry;
    }

    /** {@code get_nr_mapped_entries} for this bucket: 0 when no best-fit entry exists. */
    synchronized int mappedEnts(DebugEntry ref) {
        DebugEntry entry = find(ref, false);
        return entry == null ? 0 : entry.sgMappedEnts;
    }

    /** {@code __hash_bucket_find(bucket, ref, containing_match)}. */
    synchronized DebugEntry findContaining(DebugEntry ref) {
        return find(ref, true);
    }

    /** {@code debug_dma_mapping_error}: the first exact match not yet checked becomes checked. */
    synchronized void markChecked(DebugEntry ref) {
        for (DebugEntry entry : list) {
            if (entry.exactMatch(ref) && entry.mapErrType() == MapErrType.NOT_CHECKED) {
                entry.setMapErrType(MapErrType.CHECKED);
                return;
            }
        }
    }

    /** Visits every entry in list order with the lock held. */
    synchronized void forEach(Consumer<DebugEntry> visitor) {
        list.forEach(visitor);
    }

    /** Removes and returns the entries of {@code dev}, in list order. */
    synchronized List<DebugEntry> removeDevice(DmaDevice dev) {
        List<DebugEntry> removed = new ArrayList<>();
        for (Iterator<DebugEntry> it = list.iterator(); it.hasNext();) {
            DebugEntry entry = it.next();
            if (entry.dev == dev) {
                removed.add(entry);
                it.remove();
            }
        }
        return removed;
    }

    /**
     * {@code __hash_bucket_find}: best fit on size, type, direction and sg_call_ents. A perfect fit
     * returns at once; otherwise the best candidate is returned only if it was the sole match, so
     * several imperfect candidates are "not found".
     */
    private DebugEntry find(DebugEntry ref, boolean containing) {
        DebugEntry ret = null;
        int matches = 0;
        int lastLvl = -1;
        for (DebugEntry entry : list) {
            if (!(containing ? entry.containingMatch(ref) : entry.exactMatch(ref))) {
                continue;
            }
            matches++;
            int lvl = entry.fitLevel(ref);
            if (lvl == 4) {
                return entry;
            }
            if (lvl > lastLvl) {
                lastLvl = lvl;
                ret = entry;
            }
        }
        return matches == 1 ? ret : null;
    }
}
