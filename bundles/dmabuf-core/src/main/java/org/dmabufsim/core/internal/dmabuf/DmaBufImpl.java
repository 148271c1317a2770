// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.DmaResv;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.ResvUsage;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * {@code struct dma_buf} and its file. Locks, outermost first: {@code db_list.lock} (in
 * {@link DmaBufsImpl}), then {@code lock} ({@code dmabuf->lock}, also standing for the resv lock:
 * attachments, vmap state, every exporter op), then the leaves {@code name_lock}, the references'
 * lock and the resv's fence lock. No lock is held while waiting on fences. Exporter ops run with
 * {@code lock} held, so they must not put the buffer's last reference (the release takes
 * {@code db_list.lock}).
 */
public final class DmaBufImpl implements DmaBuf {
    private final DmaBufsImpl core;
    private final KernelLogImpl log;
    private final long inode;
    private final long size;
    private final String expName;
    private final int fileFlags;
    private final int fileMode;
    private final DmaBufOps ops;
    private final String cachingModel;
    private final FileRefs refs;
    private final Object lock = new Object(); // dmabuf->lock (and the resv lock): attachments, vmap, ops calls
    private final AttachmentList attachments;
    private final VmapRefs vmaps;
    private final DmaResvImpl resv = new DmaResvImpl();
    private final Object nameLock = new Object(); // name_lock: guards name
    private String name;

    DmaBufImpl(DmaBufsImpl core, long inode, Export export) {
        this.core = core;
        this.log = core.kernelLog();
        this.inode = inode;
        this.size = export.size();
        this.expName = export.expName();
        this.fileFlags = FileModes.fileFlags(export.flags());
        this.fileMode = FileModes.fileMode(export.flags());
        this.ops = export.ops();
        this.cachingModel = export.cachingModel();
        this.refs = new FileRefs(export.owner(), "dma-buf " + inode);
        this.attachments = new AttachmentList(this, ops, lock, refs, log);
        this.vmaps = new VmapRefs(this, ops, lock, refs, log);
    }

    /** What {@code dma_buf_export} was given; {@code cachingModel} is {@code null} for exporter-owned buffers. */
    record Export(String expName, long size, DmaBufOps ops, int flags, Owner owner, String cachingModel) {
    }

    /** The core that exported this buffer. */
    DmaBufsImpl core() {
        return core;
    }

    /** The exporter's ops. */
    DmaBufOps ops() {
        return ops;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public String expName() {
        return expName;
    }

    @Override
    public long inode() {
        return inode;
    }

    @Override
    public int fileFlags() {
        return fileFlags;
    }

    @Override
    public int fileMode() {
        return fileMode;
    }

    @Override
    public Optional<String> name() {
        synchronized (nameLock) {
            return Optional.ofNullable(name);
        }
    }

    /** {@code dma_buf_set_name}: {@code strndup_user(buf, DMA_BUF_NAME_LEN)} fails with EINVAL past 31 bytes. */
    @Override
    public void setName(String newName) {
        refs.ensureLive();
        if (newName == null) {
            throw new ErrnoException(Errno.EFAULT, "DMA_BUF_SET_NAME: bad user pointer");
        }
        if (newName.getBytes(StandardCharsets.UTF_8).length > NAME_LEN - 1) {
            throw new ErrnoException(Errno.EINVAL, "DMA_BUF_SET_NAME: name longer than " + (NAME_LEN - 1) + " bytes");
        }
        synchronized (nameLock) {
            name = newName;
        }
    }

    @Override
    public Optional<String> cachingModel() {
        return Optional.ofNullable(cachingModel);
    }

    @Override
    public DmaBuf get(Owner owner) {
        refs.get(owner);
        return this;
    }

    @Override
    public void put(Owner owner) {
        FileRefs.Drop drop = refs.put(owner);
        if (drop.last()) {
            release(owner, drop.count());
        }
    }

    @Override
    public long putAll(Owner owner) {
        FileRefs.Drop drop = refs.putAll(owner);
        if (drop.last()) {
            release(owner, drop.count());
        }
        return drop.count();
    }

    @Override
    public long fileCount() {
        return refs.total();
    }

    @Override
    public Map<Owner, Long> references() {
        return refs.byOwner();
    }

    @Override
    public boolean isReleased() {
        return refs.state() == FileRefs.State.RELEASED;
    }

    @Override
    public DmaBufAttachment attach(DmaDevice device) {
        refs.ensureLive();
        return attachments.attach(device);
    }

    @Override
    public void detach(DmaBufAttachment attachment) {
        refs.ensureLive();
        attachments.detach(attachment);
    }

    @Override
    public List<DmaBufAttachment> attachments() {
        return attachments.snapshot();
    }

    /** {@code dma_buf_map_attachment}; a fresh table waits for KERNEL fences (rule 15) after the lock is dropped. */
    @Override
    public SgTable mapAttachment(DmaBufAttachment attachment, DmaDirection direction) {
        refs.ensureLive();
        AttachmentList.Mapped mapped = attachments.map(attachment, direction);
        if (mapped.fresh()) {
            resv.await(ResvUsage.KERNEL);
        }
        return mapped.table();
    }

    @Override
    public void unmapAttachment(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
        refs.ensureLive();
        attachments.unmap(attachment, table, direction);
    }

    @Override
    public void beginCpuAccess(DmaDirection direction) {
        checkCpuDirection(direction);
        synchronized (lock) {
            refs.ensureLive();
            ops.beginCpuAccess(this, direction);
        }
        waitForFences(direction);
    }

    @Override
    public void endCpuAccess(DmaDirection direction) {
        checkCpuDirection(direction);
        synchronized (lock) {
            refs.ensureLive();
            ops.endCpuAccess(this, direction);
        }
    }

    @Override
    public void beginCpuAccessPartial(DmaDirection direction, long offset, long length) {
        checkCpuDirection(direction);
        checkRange(offset, length);
        synchronized (lock) {
            refs.ensureLive();
            ops.beginCpuAccessPartial(this, direction, offset, length);
        }
        waitForFences(direction);
    }

    @Override
    public void endCpuAccessPartial(DmaDirection direction, long offset, long length) {
        checkCpuDirection(direction);
        checkRange(offset, length);
        synchronized (lock) {
            refs.ensureLive();
            ops.endCpuAccessPartial(this, direction, offset, length);
        }
    }

    /** {@code dma_buf_vmap} (rule 31). */
    @Override
    public CpuMapping vmap() {
        refs.ensureLive();
        return vmaps.vmap(core::warnOnceVmapFailed);
    }

    /** {@code dma_buf_vunmap} (rule 31). */
    @Override
    public void vunmap(CpuMapping mapping) {
        refs.ensureLive();
        vmaps.vunmap(mapping);
    }

    @Override
    public int vmapCount() {
        return vmaps.count();
    }

    /**
     * mmap of the fd ({@code dma_buf_mmap_internal}, rules 5, 29): no {@code ops->mmap} or
     * {@code pgoff + pages > size >> PAGE_SHIFT} gives EINVAL, a zero length EINVAL and an overflowing
     * offset EOVERFLOW (as {@code do_mmap}), all before the exporter is called.
     */
    @Override
    public CpuMapping mmap(Owner owner, long pgoff, long pages) {
        Objects.requireNonNull(owner, "owner");
        refs.ensureLive();
        checkMmapBounds(pgoff, pages);
        synchronized (lock) {
            refs.ensureLive();
            CpuMapping inner = ops.mmap(this, pgoff, pages);
            if (inner == null) {
                throw new ErrnoException(Errno.ENOMEM, "mmap: exporter " + expName + " returned no mapping");
            }
            refs.get(owner);
            return new MmapMapping(this, owner, inner);
        }
    }

    @Override
    public DmaResv resv() {
        return resv;
    }

    DmaResvImpl resvImpl() {
        return resv;
    }

    /** Tears down what {@code device} left attached; see {@link AttachmentList#forceDetach}. */
    int forceDetach(DmaDevice device) {
        return attachments.forceDetach(device);
    }

    List<String> attachedDeviceNames() {
        return attachments.deviceNames();
    }

    /** Drops the reference an mmap held, unless the owner already let go of everything (process exit). */
    void putMmapReference(Owner owner) {
        if (refs.isLive() && refs.holds(owner)) {
            put(owner);
        }
    }

    /** A buffer {@link DmaBufsImpl#exportPages} could not hand out: it never was listed nor released. */
    void discard() {
        refs.released();
    }

    /**
     * {@code dma_buf_file_release} + {@code dma_buf_release} (rule 4). A vmapped buffer is a BUG: the
     * references are given back and it stays listed. Otherwise it leaves the list, {@code ops->release}
     * runs once, and attachments still listed give the kernel's WARN.
     */
    private void release(Owner owner, long count) {
        synchronized (lock) {
            if (vmaps.count() != 0) {
                refs.abortRelease(owner, count);
                throw KernelReports.bugOn(log, "dma_buf_release", "BUG_ON(dmabuf->vmapping_counter)");
            }
        }
        core.unlist(this);
        synchronized (lock) {
            try {
                ops.release(this);
                if (!attachments.isEmpty()) {
                    KernelReports.warnOn(log, "dma_buf_release", "WARN_ON(!list_empty(&dmabuf->attachments))");
                }
            } finally {
                refs.released();
            }
        }
    }

    private void waitForFences(DmaDirection direction) {
        boolean write = direction == DmaDirection.BIDIRECTIONAL || direction == DmaDirection.TO_DEVICE;
        resv.await(ResvUsage.forAccess(write));
    }

    private static void checkCpuDirection(DmaDirection direction) {
        if (direction == null || !direction.isValid()) {
            throw new ErrnoException(Errno.EINVAL, "cpu access: invalid direction " + direction);
        }
    }

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset > size || length > size - offset) {
            throw new ErrnoException(Errno.EINVAL, "cpu access: range [" + offset + ", +" + length
                    + ") outside a buffer of " + size + " bytes");
        }
    }

    private void checkMmapBounds(long pgoff, long pages) {
        if (!OpsProbe.hasMmap(ops)) {
            throw new ErrnoException(Errno.EINVAL, "mmap: exporter " + expName + " has no mmap");
        }
        if (pages <= 0 || pgoff < 0) {
            throw new ErrnoException(Errno.EINVAL, "mmap: pgoff " + pgoff + ", " + pages + " pages");
        }
        if (pgoff + pages < pgoff) {
            throw new ErrnoException(Errno.EOVERFLOW, "mmap: pgoff " + pgoff + " + " + pages + " pages overflows");
        }
        if (pgoff + pages > size >> MemoryMap.PAGE_SHIFT) {
            throw new ErrnoException(Errno.EINVAL, "mmap: pgoff " + pgoff + " + " + pages + " pages beyond "
                    + (size >> MemoryMap.PAGE_SHIFT) + " pages");
        }
    }

    @Override
    public String toString() {
        return "dma-buf{ino=" + inode + ", exp_name=" + expName + ", size=" + size + "}";
    }
}
