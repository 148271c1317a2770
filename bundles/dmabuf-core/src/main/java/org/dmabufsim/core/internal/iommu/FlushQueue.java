// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The flush queue of a lazy ({@code DMA_FQ}) domain ({@code struct iova_fq}): unmapped IOVA ranges
 * wait here, still allocated and possibly still cached in the IOTLB, until one invalidate-all
 * retires them. It holds {@code capacity} ranges; the timer is armed by the first range queued and
 * expires {@link #IOVA_FQ_TIMEOUT_NS} later in modelled time ({@code fq_flush_timeout}).
 *
 * <p>Not thread-safe: guarded by the owning domain's lock.
 */
final class FlushQueue {
    /** {@code IOVA_FQ_TIMEOUT}: 10 ms. */
    static final long IOVA_FQ_TIMEOUT_NS = 10_000_000L;

    /** A queued range: what {@code __iommu_dma_unmap} unmapped. */
    record Entry(long iova, long size) {
    }

    private final int capacity;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long timerDeadline = -1;

    FlushQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean full() {
        return entries.size() >= capacity;
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    /** {@code queue_iova}: adds the range and arms the timer if it is not running. */
    void add(Entry entry, long nowNs) {
        entries.addLast(entry);
        if (timerDeadline < 0) {
            timerDeadline = nowNs + IOVA_FQ_TIMEOUT_NS;
        }
    }

    /** Whether the armed timer has expired at {@code nowNs}. */
    boolean timerExpired(long nowNs) {
        return timerDeadline >= 0 && nowNs >= timerDeadline;
    }

    /** Takes every entry, oldest first, and disarms the timer. */
    List<Entry> drain() {
        List<Entry> out = List.copyOf(entries);
        entries.clear();
        timerDeadline = -1;
        return out;
    }

    /** Starts of the queued ranges. */
    Set<Long> starts() {
        Set<Long> out = new HashSet<>();
        entries.forEach(e -> out.add(e.iova()));
        return out;
    }
}
