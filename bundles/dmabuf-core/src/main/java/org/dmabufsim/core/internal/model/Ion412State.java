// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.sim.KernelLogImpl;

/**
 * The ION v4.12 part of {@code struct ion_buffer} the model needs beyond the attachments (which the
 * core keeps, newest first, as {@code buffer->attachments}): {@code kmap_cnt}, and how many syncs of
 * unmapped attachments the model flagged (rule 57a). Thread-safe: {@link IonKmap} has its lock, the
 * counter is atomic.
 */
final class Ion412State {
    private final IonKmap kmap;
    private final AtomicLong unmappedSyncs = new AtomicLong();

    Ion412State(KernelLogImpl log) {
        this.kmap = new IonKmap(log);
    }

    IonKmap kmap() {
        return kmap;
    }

    void countUnmappedSync() {
        unmappedSyncs.incrementAndGet();
    }

    /** Syncs of attachments that were not mapped, begin and end alike (rule 57a). */
    long unmappedSyncs() {
        return unmappedSyncs.get();
    }
}
