// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CpuMapping;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code struct dma_buf_ops}: what an exporter does. Mandatory ops are abstract; optional ops are
 * default methods doing what the core does when the op is missing. Ops throw
 * {@link org.dmabufsim.sim.ErrnoException} to return an error.
 *
 * <p>The ops object is the exporter's private buffer state (there is no {@code priv}). The core
 * serialises calls per buffer as the kernel's locks do.
 */
@ConsumerType
public interface DmaBufOps {

    /**
     * Called from {@link DmaBuf#attach}. Optional. May refuse with EBUSY when the backing storage
     * does not suit the device (rule 8); the attachment is then not listed.
     */
    default void attach(DmaBuf dmabuf, DmaBufAttachment attachment) {
    }

    /** Called from {@link DmaBuf#detach} after a cached table was unmapped. Optional. */
    default void detach(DmaBuf dmabuf, DmaBufAttachment attachment) {
    }

    /**
     * Returns the buffer's scatter list mapped into the attachment's device address space.
     * Mandatory. Returning {@code null} is turned into ENOMEM by the core (rule 14).
     */
    SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction);

    /** Undoes {@link #mapDmaBuf}. Mandatory. */
    void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction);

    /** Called exactly once, when the last reference is gone. Mandatory. */
    void release(DmaBuf dmabuf);

    /** Prepares CPU access (cache maintenance). Optional. */
    default void beginCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
    }

    /** Ends CPU access. Optional. */
    default void endCpuAccess(DmaBuf dmabuf, DmaDirection direction) {
    }

    /** Partial variant (Android's {@code begin_cpu_access_partial}). Optional: defaults to the whole buffer. */
    default void beginCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
        beginCpuAccess(dmabuf, direction);
    }

    /** Partial variant of {@link #endCpuAccess}. */
    default void endCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
        endCpuAccess(dmabuf, direction);
    }

    /**
     * Maps {@code pages} pages from page {@code pgoff} for user space. The core has checked the
     * bounds (rule 29). Optional: without it mmap fails with EINVAL.
     */
    default CpuMapping mmap(DmaBuf dmabuf, long pgoff, long pages) {
        throw new org.dmabufsim.sim.ErrnoException(org.dmabufsim.sim.Errno.EINVAL, "no mmap op");
    }

    /** Maps the whole buffer into kernel address space. Optional: without it vmap fails with EINVAL. */
    default CpuMapping vmap(DmaBuf dmabuf) {
        throw new org.dmabufsim.sim.ErrnoException(org.dmabufsim.sim.Errno.EINVAL, "no vmap op");
    }

    /** Undoes {@link #vmap}. */
    default void vunmap(DmaBuf dmabuf, CpuMapping mapping) {
        mapping.unmap();
    }

    /**
     * {@code cache_sgt_mapping}: the core maps once per attachment and returns the cached table for
     * later maps (rules 12, 17).
     */
    default boolean cacheSgtMapping() {
        return false;
    }
}
