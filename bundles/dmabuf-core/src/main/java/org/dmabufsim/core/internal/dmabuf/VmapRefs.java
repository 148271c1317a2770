// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * {@code dmabuf->vmapping_counter} and {@code dmabuf->vmap_ptr} (rule 31): the exporter maps for the
 * first vmap and unmaps when the count returns to zero. Guarded by the buffer's lock.
 */
final class VmapRefs {
    private final DmaBufImpl dmabuf;
    private final DmaBufOps ops;
    private final Object lock;
    private final FileRefs refs;
    private final KernelLogImpl log;
    private int counter; // guarded by lock
    private CpuMapping ptr; // guarded by lock

    VmapRefs(DmaBufImpl dmabuf, DmaBufOps ops, Object lock, FileRefs refs, KernelLogImpl log) {
        this.dmabuf = dmabuf;
        this.ops = ops;
        this.lock = lock;
        this.refs = refs;
        this.log = log;
    }

    /** {@code dma_buf_vmap}: EINVAL without {@code ops->vmap}; a failing exporter gets {@code WARN_ON_ONCE}. */
    CpuMapping vmap(Runnable warnOnce) {
        if (!OpsProbe.hasVmap(ops)) {
            throw new ErrnoException(Errno.EINVAL, "dma_buf_vmap: exporter " + dmabuf.expName() + " has no vmap");
        }
        synchronized (lock) {
            refs.ensureLive();
            if (counter > 0) {
                counter++;
                return ptr;
            }
            CpuMapping mapping;
            try {
                mapping = ops.vmap(dmabuf);
            } catch (ErrnoException e) {
                warnOnce.run();
                throw e;
            }
            if (mapping == null) {
                warnOnce.run();
                throw new ErrnoException(Errno.ENOMEM, "dma_buf_vmap: exporter returned no mapping");
            }
            ptr = mapping;
            counter = 1;
            return mapping;
        }
    }

    /** {@code dma_buf_vunmap}: the kernel's BUG_ONs in its order. */
    void vunmap(CpuMapping mapping) {
        synchronized (lock) {
            refs.ensureLive();
            if (ptr == null) {
                throw KernelReports.bugOn(log, "dma_buf_vunmap", "BUG_ON(iosys_map_is_null(&dmabuf->vmap_ptr))");
            }
            if (mapping != ptr) {
                throw KernelReports.bugOn(log, "dma_buf_vunmap", "BUG_ON(!iosys_map_is_equal(&dmabuf->vmap_ptr, map))");
            }
            if (--counter == 0) {
                ptr = null;
                ops.vunmap(dmabuf, mapping);
            }
        }
    }

    int count() {
        synchronized (lock) {
            return counter;
        }
    }
}
