// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The imports of one frame, each locked once, in {@link Import#id()} order (the one lock order of a
 * driver, so frames on crossed buffers cannot deadlock). Closing unlocks them. Used by one thread.
 */
final class FrameLocks implements AutoCloseable {
    private final List<Import> locked = new ArrayList<>();

    private FrameLocks() {
    }

    /**
     * Locks every import of {@code imports} (duplicates once).
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL, with nothing left locked, if one was released
     *         while the frame waited for it
     */
    static FrameLocks lock(List<Import> imports, ImportTable table) {
        FrameLocks locks = new FrameLocks();
        List<Import> ordered = imports.stream().distinct().sorted(Comparator.comparingLong(Import::id)).toList();
        try {
            for (Import imp : ordered) {
                imp.lock();
                locks.locked.add(imp);
                if (imp.isReleased()) {
                    throw table.notImported(imp.buffer());
                }
            }
        } catch (RuntimeException e) {
            locks.close();
            throw e;
        }
        return locks;
    }

    /** The locked imports, in lock order. */
    List<Import> imports() {
        return locked;
    }

    @Override
    public void close() {
        for (int i = locked.size() - 1; i >= 0; i--) {
            locked.get(i).unlock();
        }
    }
}
