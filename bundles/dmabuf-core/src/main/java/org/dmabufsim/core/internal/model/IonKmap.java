// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import org.dmabufsim.core.internal.sim.KernelLogImpl;

/**
 * {@code buffer->kmap_cnt} with {@code ion_buffer_kmap_get}/{@code ion_buffer_kmap_put} as ION had
 * them: get maps the kernel view only when the count is 0 and otherwise just increments; put
 * decrements and unmaps only when it reaches exactly 0, so an unbalanced put leaves the count
 * negative (rule 57b), which the simulator flags once per buffer. The kernel view itself is not
 * modelled (nothing reads through it); the count is. Guarded by {@code lock}.
 */
final class IonKmap {
    private final KernelLogImpl log;
    private final Object lock = new Object(); // guards count, mapped, negativeWarned
    private int count;
    private boolean mapped;
    private boolean negativeWarned;

    IonKmap(KernelLogImpl log) {
        this.log = log;
    }

    /** {@code ion_buffer_kmap_get}. */
    void get() {
        synchronized (lock) {
            if (count == 0) {
                mapped = true; // heap->ops->map_kernel
            }
            count++;
        }
    }

    /** {@code ion_buffer_kmap_put}; {@code inode} names the buffer in the rule 57b diagnostic. */
    void put(long inode) {
        int now;
        boolean warn = false;
        synchronized (lock) {
            now = --count;
            if (now == 0) {
                mapped = false; // heap->ops->unmap_kernel
            } else if (now < 0 && !negativeWarned) {
                negativeWarned = true;
                warn = true;
            }
        }
        if (warn) {
            log.warn(IonReports.kmapNegative(inode, now));
        }
    }

    /** {@code ion_buffer_destroy}: {@code WARN_ON(buffer->kmap_cnt > 0)}, then the kernel view goes. */
    void destroy() {
        boolean warn;
        synchronized (lock) {
            warn = count > 0;
            mapped = false;
        }
        if (warn) {
            IonReports.warnOn(log, "ion_buffer_destroy", "WARN_ON(buffer->kmap_cnt > 0)");
        }
    }

    /** {@code buffer->kmap_cnt}. */
    int count() {
        synchronized (lock) {
            return count;
        }
    }

    /** Whether the heap's kernel mapping exists ({@code buffer->vaddr != NULL}). */
    boolean isMapped() {
        synchronized (lock) {
            return mapped;
        }
    }
}
