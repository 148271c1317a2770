// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dmabuf->attachments} and the calls that work on it: {@code dma_buf_dynamic_attach},
 * {@code dma_buf_detach}, {@code dma_buf_map_attachment}, {@code dma_buf_unmap_attachment}, and the
 * teardown of a device that went away. Every method takes the buffer's lock ({@code dmabuf->lock},
 * which the simulation also uses as the resv lock) and holds it across the exporter's ops.
 */
final class AttachmentList {
    private static final Logger LOG = LoggerFactory.getLogger(AttachmentList.class);

    /** What a map returned, and whether the exporter was called (false for a cached table). */
    record Mapped(SgTable table, boolean fresh) {
    }

    private final DmaBufImpl dmabuf;
    private final DmaBufOps ops;
    private final Object lock;
    private final FileRefs refs;
    private final KernelLogImpl log;
    private final List<DmaBufAttachmentImpl> list = new ArrayList<>(); // newest first; guarded by lock

    AttachmentList(DmaBufImpl dmabuf, DmaBufOps ops, Object lock, FileRefs refs, KernelLogImpl log) {
        this.dmabuf = dmabuf;
        this.ops = ops;
        this.lock = lock;
        this.refs = refs;
        this.log = log;
    }

    /** {@code dma_buf_dynamic_attach} (rule 7): {@code ops->attach} first; listed at the head only if it succeeds. */
    DmaBufAttachment attach(DmaDevice device) {
        if (device == null) {
            KernelReports.warnOn(log, "dma_buf_dynamic_attach", "WARN_ON(!dmabuf || !dev)");
            throw new ErrnoException(Errno.EINVAL, "dma_buf_attach: no device");
        }
        if (device.isClosed()) {
            throw new ErrnoException(Errno.ENODEV, "dma_buf_attach: device " + device.name() + " is gone");
        }
        synchronized (lock) {
            refs.ensureLive();
            DmaBufAttachmentImpl a = new DmaBufAttachmentImpl(dmabuf, device);
            ops.attach(dmabuf, a);
            a.setAttached(true);
            list.add(0, a);
            LOG.debug("dma-buf {}: attached {}", dmabuf.inode(), device.name());
            return a;
        }
    }

    /** {@code dma_buf_detach} (rule 9): unmaps the cached table, unlists, then {@code ops->detach}. */
    void detach(DmaBufAttachment attachment) {
        if (attachment == null) {
            KernelReports.warnOn(log, "dma_buf_detach", "WARN_ON(!dmabuf || !attach)");
            return;
        }
        DmaBufAttachmentImpl a = own(attachment, "dma_buf_detach");
        synchronized (lock) {
            refs.ensureLive();
            checkAttached(a, "dma_buf_detach");
            teardown(a);
        }
    }

    /** {@code dma_buf_map_attachment} (rules 11-14, 18). */
    Mapped map(DmaBufAttachment attachment, DmaDirection direction) {
        if (attachment == null) {
            KernelReports.warnOn(log, "dma_buf_map_attachment", "WARN_ON(!attach || !attach->dmabuf)");
            throw new ErrnoException(Errno.EINVAL, "dma_buf_map_attachment: no attachment");
        }
        DmaBufAttachmentImpl a = own(attachment, "dma_buf_map_attachment");
        checkDirection(direction, "dma_buf_map_attachment");
        synchronized (lock) {
            refs.ensureLive();
            checkAttached(a, "dma_buf_map_attachment");
            if (a.device().isClosed()) {
                throw new ErrnoException(Errno.ENODEV, "dma_buf_map_attachment: device " + a.device().name()
                        + " is gone");
            }
            if (a.sgt() != null) {
                if (a.dir() != direction && a.dir() != DmaDirection.BIDIRECTIONAL) {
                    throw new ErrnoException(Errno.EBUSY, "dma_buf_map_attachment: cached table is mapped "
                            + a.dir().kernelName() + ", asked " + direction.kernelName());
                }
                return new Mapped(a.sgt(), false);
            }
            SgTable table = ops.mapDmaBuf(a, direction);
            if (table == null) {
                throw new ErrnoException(Errno.ENOMEM, "dma_buf_map_attachment: map_dma_buf returned NULL");
            }
            if (ops.cacheSgtMapping()) {
                a.cache(table, direction);
            } else {
                a.addOutstanding(table, direction);
            }
            checkAligned(table);
            return new Mapped(table, true);
        }
    }

    /** {@code dma_buf_unmap_attachment} (rule 17): the cached table stays mapped until detach. */
    void unmap(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
        if (attachment == null || table == null) {
            KernelReports.warnOn(log, "dma_buf_unmap_attachment", "WARN_ON(!attach || !attach->dmabuf || !sg_table)");
            return;
        }
        DmaBufAttachmentImpl a = own(attachment, "dma_buf_unmap_attachment");
        synchronized (lock) {
            refs.ensureLive();
            checkAttached(a, "dma_buf_unmap_attachment");
            if (a.sgt() == table) {
                return;
            }
            checkDirection(direction, "dma_buf_unmap_attachment");
            Optional<DmaBufAttachmentImpl.Mapping> m = a.removeOutstanding(table);
            if (m.isEmpty()) {
                KernelReports.warnOn(log, "dma_buf_unmap_attachment",
                        "sg_table was not mapped through this attachment");
                return;
            }
            try {
                ops.unmapDmaBuf(a, table, direction);
            } catch (RuntimeException e) {
                a.addOutstanding(m.get().table(), m.get().direction());
                throw e;
            }
        }
    }

    /**
     * Tears down the attachments of a device that went away: what it left mapped is unmapped through
     * {@code ops->unmap_dma_buf} (newest first, with the direction it was mapped with), then each
     * attachment is detached as {@link #detach} does. Returns how many attachments were torn down.
     */
    int forceDetach(DmaDevice device) {
        synchronized (lock) {
            if (!refs.isLive()) {
                return 0;
            }
            int count = 0;
            for (DmaBufAttachmentImpl a : List.copyOf(list)) {
                if (a.device() != device) {
                    continue;
                }
                for (DmaBufAttachmentImpl.Mapping m : a.drainOutstanding()) {
                    ops.unmapDmaBuf(a, m.table(), m.direction());
                }
                teardown(a);
                a.markDeviceGone();
                count++;
            }
            if (count > 0) {
                LOG.debug("dma-buf {}: force-detached {} attachment(s) of {}", dmabuf.inode(), count, device.name());
            }
            return count;
        }
    }

    /** The attachments, newest first. */
    List<DmaBufAttachment> snapshot() {
        synchronized (lock) {
            return List.copyOf(list);
        }
    }

    /** {@code dev_name()} of each attachment, newest first. */
    List<String> deviceNames() {
        synchronized (lock) {
            List<String> names = new ArrayList<>(list.size());
            for (DmaBufAttachmentImpl a : list) {
                names.add(a.device().name());
            }
            return names;
        }
    }

    /** Whether the list is empty; called with the lock held by the release. */
    boolean isEmpty() {
        synchronized (lock) {
            return list.isEmpty();
        }
    }

    /** Lock held. */
    private void teardown(DmaBufAttachmentImpl a) {
        if (a.sgt() != null) {
            ops.unmapDmaBuf(a, a.sgt(), a.dir());
            a.cache(null, null);
        }
        list.remove(a);
        a.setAttached(false);
        ops.detach(dmabuf, a);
        LOG.debug("dma-buf {}: detached {}", dmabuf.inode(), a.device().name());
    }

    private DmaBufAttachmentImpl own(DmaBufAttachment attachment, String function) {
        if (attachment instanceof DmaBufAttachmentImpl a && a.owner() == dmabuf) {
            return a;
        }
        throw new ErrnoException(Errno.EINVAL, function + ": " + attachment + " does not belong to dma-buf "
                + dmabuf.inode());
    }

    /** Lock held. A torn-down attachment of a vanished device gives ENODEV, any other detached one EINVAL. */
    private void checkAttached(DmaBufAttachmentImpl a, String function) {
        if (a.isDeviceGone()) {
            throw new ErrnoException(Errno.ENODEV, function + ": device " + a.device().name() + " is gone");
        }
        if (!a.isAttached()) {
            throw new ErrnoException(Errno.EINVAL, function + ": attachment of " + a.device().name()
                    + " is not attached to dma-buf " + dmabuf.inode());
        }
    }

    private static void checkDirection(DmaDirection direction, String function) {
        if (direction == null || !direction.isValid()) {
            throw new ErrnoException(Errno.EINVAL, function + ": invalid direction " + direction);
        }
    }

    /** CONFIG_DMA_API_DEBUG in {@code dma_buf_map_attachment}: a pr_debug per unaligned DMA segment (rule 16). */
    private static void checkAligned(SgTable table) {
        if (!LOG.isDebugEnabled()) {
            return;
        }
        long mask = MemoryMap.PAGE_SIZE - 1;
        for (int i = 0; i < table.nents(); i++) {
            Scatterlist sg = table.get(i);
            if ((sg.dmaAddress() & mask) != 0 || (sg.dmaLength() & mask) != 0) {
                LOG.debug("dma_buf_map_attachment: addr {} or len {} is not page aligned!",
                        Long.toHexString(sg.dmaAddress()), Long.toHexString(sg.dmaLength()));
            }
        }
    }
}
