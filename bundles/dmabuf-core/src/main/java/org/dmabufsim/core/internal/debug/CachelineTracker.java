// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.HashMap;
import java.util.Map;
import org.dmabufsim.dma.DmaDirection;

/**
 * {@code dma_active_cacheline}: the radix tree of cachelines the device may write, keyed by
 * cacheline number ({@code to_cacheline_number}) across all devices. Only the first line of each
 * mapping or segment is tracked, and only for FROM_DEVICE / BIDIRECTIONAL (and coherent) entries.
 * The value is the overlap count the kernel keeps in the 3 radix tree tags, so it saturates at
 * {@link #MAX_OVERLAP}.
 *
 * <p>The kernel guards the tree with one {@code radix_lock}; here the lock is split into
 * {@link #STRIPES} stripes by cacheline number (each stripe's monitor guards its map). Lines are
 * independent, so the behaviour is the same and map paths of unrelated buffers do not contend.
 */
final class CachelineTracker {
    /** {@code ACTIVE_CACHELINE_MAX_OVERLAP = (1 << RADIX_TREE_MAX_TAGS) - 1}. */
    static final int MAX_OVERLAP = 7;
    /** {@link #insert} result for a TO_DEVICE entry, which is not tracked. */
    static final int NOT_TRACKED = -1;
    private static final int STRIPES = 64;

    @SuppressWarnings("unchecked")
    private final Map<Long, Integer>[] stripes = new Map[STRIPES];

    CachelineTracker() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new HashMap<>();
        }
    }

    /**
     * {@code active_cacheline_insert}: 0 when the line was not active (a fresh insert),
     * otherwise the line was active ({@code -EEXIST}) and the result is the incremented overlap count;
     * a result above {@link #MAX_OVERLAP} is the overflow the kernel WARNs about (the stored count
     * stays at 7). {@link #NOT_TRACKED} for TO_DEVICE.
     */
    int insert(DebugEntry entry) {
        if (entry.direction == DmaDirection.TO_DEVICE) {
            return NOT_TRACKED;
        }
        long cln = entry.cacheline();
        Map<Long, Integer> stripe = stripe(cln);
        synchronized (stripe) {
            Integer current = stripe.get(cln);
            if (current == null) {
                stripe.put(cln, 0);
                return 0;
            }
            int overlap = current + 1;
            if (overlap <= MAX_OVERLAP) {
                stripe.put(cln, overlap);
            }
            return overlap;
        }
    }

    /**
     * {@code active_cacheline_remove}: decrements the overlap; the line leaves the tree when the
     * count would go below 0. After an overflow the line therefore goes idle while one mapping is
     * still live, exactly as in the kernel.
     */
    void remove(DebugEntry entry) {
        if (entry.direction == DmaDirection.TO_DEVICE) {
            return;
        }
        long cln = entry.cacheline();
        Map<Long, Integer> stripe = stripe(cln);
        synchronized (stripe) {
            Integer current = stripe.get(cln);
            int overlap = (current == null ? 0 : current) - 1;
            if (overlap < 0) {
                stripe.remove(cln);
            } else {
                stripe.put(cln, overlap);
            }
        }
    }

    /** The overlap count of an active line, or -1 if the line is not active. */
    int overlap(long cln) {
        Map<Long, Integer> stripe = stripe(cln);
        synchronized (stripe) {
            Integer current = stripe.get(cln);
            return current == null ? -1 : current;
        }
    }

    private Map<Long, Integer> stripe(long cln) {
        return stripes[(int) ((cln ^ (cln >>> 6) ^ (cln >>> 12)) & (STRIPES - 1))];
    }
}
