// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.mem.CpuMapping;

/**
 * The ION v4.9 part of {@code struct ion_buffer} the model needs: the dirty bit of every page
 * ({@code ion_buffer_page_dirty} on {@code buffer->pages[i]}), the fault-tracked user mappings
 * ({@code buffer->vmas}), {@code kmap_cnt}, and what the model did (for tests and reports).
 *
 * <p>{@code lock} is ION's {@code buffer->lock}: the fault handler takes it from CPU accesses, the
 * map hook (called with the dma-buf lock held) takes it inside that one. While holding it the model
 * only calls into the CPU mappings and the DMA layer, which never call back into the model.
 */
final class Ion49State {
    private final Object lock = new Object(); // buffer->lock: guards dirty, vmas, pagesSynced
    private final BitSet dirty = new BitSet();
    private final List<CpuMapping> vmas = new ArrayList<>(); // buffer->vmas, oldest first
    private final IonKmap kmap;
    private final long allocationFlushLines;
    private long pagesSynced;

    Ion49State(KernelLogImpl log, long allocationFlushLines) {
        this.kmap = new IonKmap(log);
        this.allocationFlushLines = allocationFlushLines;
    }

    /** {@code buffer->lock}, for the model's sync-and-zap pass. */
    Object lock() {
        return lock;
    }

    IonKmap kmap() {
        return kmap;
    }

    /** {@code ion_vm_fault}: the page becomes dirty (read or write alike) and is inserted. */
    boolean fault(CpuMapping vma, long pgoff, long pageIndex) {
        synchronized (lock) {
            dirty.set(Math.toIntExact(pgoff + pageIndex));
            vma.insertPage(pageIndex);
        }
        return true;
    }

    /** {@code ion_vm_open}. */
    void addVma(CpuMapping vma) {
        synchronized (lock) {
            vmas.add(vma);
        }
    }

    /** Lock held: whether page {@code index} is dirty. */
    boolean isDirtyLocked(int index) {
        return dirty.get(index);
    }

    /** Lock held: {@code ion_buffer_page_clean} of every page, counting the ones that were synced. */
    void cleanAllLocked(long synced) {
        dirty.clear();
        pagesSynced += synced;
    }

    /**
     * Lock held: {@code zap_page_range} over every user mapping still mapped; munmapped ones leave
     * the list ({@code ion_vm_close}).
     */
    void zapAllLocked() {
        vmas.removeIf(vma -> !vma.isMapped());
        for (CpuMapping vma : vmas) {
            vma.zap();
        }
    }

    /** Dirty pages now, by buffer page index. */
    BitSet dirtyPages() {
        synchronized (lock) {
            return (BitSet) dirty.clone();
        }
    }

    /** User mappings still mapped. */
    int liveVmas() {
        synchronized (lock) {
            vmas.removeIf(vma -> !vma.isMapped());
            return vmas.size();
        }
    }

    /** Pages handed to {@code ion_pages_sync_for_device} so far. */
    long pagesSynced() {
        synchronized (lock) {
            return pagesSynced;
        }
    }

    /** Cache lines cleaned when the buffer was allocated (rule 41). */
    long allocationFlushLines() {
        return allocationFlushLines;
    }

    /** At destroy: the vma list goes with the buffer. */
    void destroy() {
        synchronized (lock) {
            vmas.clear();
            dirty.clear();
        }
        kmap.destroy();
    }
}
