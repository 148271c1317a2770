// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CpuMapping;
import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code struct dma_buf}. Calls on a released buffer throw {@link IllegalStateException}.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaBuf {

    /** {@code DMA_BUF_NAME_LEN}: a name is at most 31 characters plus the terminating NUL. */
    int NAME_LEN = 32;

    /** Bytes. */
    long size();

    /** {@code exp_name}. */
    String expName();

    /** {@code file_inode(dmabuf->file)->i_ino}: unique per simulation, increasing. */
    long inode();

    /** {@code file->f_flags} ({@code O_*}). */
    int fileFlags();

    /** {@code file->f_mode} ({@code FMODE_*}, e.g. {@code 0x0f} hex digits as bufinfo prints them). */
    int fileMode();

    /** The name set by {@link #setName}, if any. */
    Optional<String> name();

    /**
     * {@code DMA_BUF_SET_NAME}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if longer than {@link #NAME_LEN}{@code - 1}
     */
    void setName(String name);

    /** The caching model of a page-backed buffer. */
    Optional<String> cachingModel();

    /** {@code get_dma_buf}: one more reference, held by {@code owner}. Returns this buffer. */
    DmaBuf get(Owner owner);

    /**
     * {@code dma_buf_put}: drops one of {@code owner}'s references. The last reference releases the
     * buffer (rule 4): a WARN if attachments remain, a {@link org.dmabufsim.sim.KernelBug} if it is
     * still vmapped, otherwise {@code ops->release} exactly once and removal from the buffer list.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if {@code owner} holds no reference
     */
    void put(Owner owner);

    /** Drops every reference {@code owner} holds (process exit, bundle stop); returns how many. */
    long putAll(Owner owner);

    /** {@code file_count()}: references held. */
    long fileCount();

    /** References by owner. */
    Map<Owner, Long> references();

    /** Whether the buffer was released. */
    boolean isReleased();

    /**
     * {@code dma_buf_attach}.
     *
     * @throws org.dmabufsim.sim.ErrnoException what {@code ops->attach} returned (e.g. EBUSY)
     */
    DmaBufAttachment attach(DmaDevice device);

    /**
     * {@code dma_buf_detach}: unmaps a cached table, unlists, calls {@code ops->detach}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if the attachment is not attached to this buffer;
     *         ENODEV if its device was closed (the core already detached it)
     */
    void detach(DmaBufAttachment attachment);

    /** Attachments, newest first. */
    List<DmaBufAttachment> attachments();

    /**
     * {@code dma_buf_map_attachment}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if the attachment is not attached to this buffer
     *         (never attached or detached, rule 11) or the direction is DMA_NONE (rule 18); ENODEV if
     *         its device was closed (the core force-detached it, see {@link DmaDevice#close()}); EBUSY if
     *         a cached table has another direction (rule 12); ENOMEM if the exporter returned nothing
     */
    SgTable mapAttachment(DmaBufAttachment attachment, DmaDirection direction);

    /** {@code dma_buf_unmap_attachment}; a no-op for the cached table (rule 17). */
    void unmapAttachment(DmaBufAttachment attachment, SgTable table, DmaDirection direction);

    /**
     * {@code dma_buf_begin_cpu_access}: {@code ops->begin_cpu_access}, then waits for the fences
     * (rule 19): all of them for write access, the writers for read access.
     */
    void beginCpuAccess(DmaDirection direction);

    /** {@code dma_buf_end_cpu_access}. No pairing is checked (rule 20). */
    void endCpuAccess(DmaDirection direction);

    /** Partial variant of {@link #beginCpuAccess}. */
    void beginCpuAccessPartial(DmaDirection direction, long offset, long length);

    /** Partial variant of {@link #endCpuAccess}. */
    void endCpuAccessPartial(DmaDirection direction, long offset, long length);

    /**
     * {@code dma_buf_vmap}: refcounted; the exporter is called for the first only (rule 31).
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL without {@code ops->vmap}
     */
    CpuMapping vmap();

    /**
     * {@code dma_buf_vunmap}: the exporter is called when the count returns to zero.
     *
     * @throws org.dmabufsim.sim.KernelBug if not vmapped or {@code mapping} is not the vmap (rule 31)
     */
    void vunmap(CpuMapping mapping);

    /** vmap reference count. */
    int vmapCount();

    /**
     * {@code mmap} of the dma-buf fd: the mapping holds a reference for {@code owner} until it is
     * unmapped (rule 5).
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if {@code pgoff + pages} exceeds the buffer
     *         (rule 29) or there is no {@code ops->mmap}
     */
    CpuMapping mmap(Owner owner, long pgoff, long pages);

    /** The buffer's reservation object. */
    DmaResv resv();
}
