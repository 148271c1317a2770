// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.dmabufsim.dma.IotlbEntry;

/**
 * Recent IOTLB answers of a strict domain, one per 2 MiB slot of IOVA space, so that a device's
 * IOTLB hits need not take the domain's lock. A hint holds an entry that answered a lookup while no
 * entry of a smaller page size was cached (so it answers every lookup inside it) and the IOTLB's
 * generation at that time; it is valid only while the generation is unchanged, that is while the
 * IOTLB holds exactly what it held then. Hints are immutable, written under the domain's lock and
 * read without it.
 */
final class IotlbHints {
    private static final int SLOTS = 16;

    private record Hint(long generation, IotlbEntry entry) {
    }

    private final AtomicReferenceArray<Hint> hints = new AtomicReferenceArray<>(SLOTS);

    /** The entry the IOTLB would answer for {@code iova} at {@code generation}, if a hint knows it. */
    IotlbEntry find(long iova, long generation) {
        Hint h = hints.get(slot(iova));
        if (h == null || h.generation() != generation) {
            return null;
        }
        IotlbEntry e = h.entry();
        return iova >= e.iova() && iova - e.iova() <= e.addrMask() ? e : null;
    }

    /** Remembers that the IOTLB answered {@code e} for {@code iova}; the domain's lock is held. */
    void remember(long iova, long generation, IotlbEntry e) {
        hints.set(slot(iova), new Hint(generation, e));
    }

    private static int slot(long iova) {
        return (int) (iova >>> 21) & (SLOTS - 1);
    }
}
