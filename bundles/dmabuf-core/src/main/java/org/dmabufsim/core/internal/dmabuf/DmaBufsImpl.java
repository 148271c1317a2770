// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.dma.SgTableImpl;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.DmaBufs;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dma-buf core of one simulation: export, the global buffer list ({@code db_list}), bufinfo and
 * the caching-model registry. Inodes come from a per-simulation counter starting at 1, as
 * {@code dma_buf_getfile}'s {@code dmabuf_inode}.
 */
public final class DmaBufsImpl implements DmaBufs {
    private static final Logger LOG = LoggerFactory.getLogger(DmaBufsImpl.class);
    private static final String OPS_MISSING = "WARN_ON(!exp_info->priv || !exp_info->ops"
            + " || !exp_info->ops->map_dma_buf || !exp_info->ops->unmap_dma_buf || !exp_info->ops->release)";

    private final Simulation sim;
    private final KernelLogImpl log;
    private final PageFreer pageFreer;
    private final CachingModelRegistry models = new CachingModelRegistry();
    private final Object dbListLock = new Object(); // db_list.lock: guards buffers
    private final Map<Long, DmaBufImpl> buffers = new LinkedHashMap<>(); // by inode, in list_add order
    private final AtomicLong inodes = new AtomicLong(); // dmabuf_inode
    private final AtomicBoolean vmapWarned = new AtomicBoolean();

    /** Released pages without a sink go back to {@code sim.memory()}. */
    public DmaBufsImpl(Simulation sim, KernelLogImpl log) {
        this(sim, log, new MemoryMapPageFreer(sim::memory));
    }

    public DmaBufsImpl(Simulation sim, KernelLogImpl log, PageFreer pageFreer) {
        this.sim = sim;
        this.log = log;
        this.pageFreer = pageFreer;
    }

    /** {@code dma_buf_export} (rule 1). */
    @Override
    public DmaBuf export(ExportInfo info) {
        if (info == null) {
            KernelReports.warnOn(log, "dma_buf_export", OPS_MISSING);
            throw new ErrnoException(Errno.EINVAL, "dma_buf_export: no export info");
        }
        validate(info.expName(), info.size(), info.ops(), info.owner());
        DmaBufImpl buf = create(new DmaBufImpl.Export(info.expName(), info.size(), info.ops(), info.fileFlags(),
                info.owner(), null));
        list(buf);
        return buf;
    }

    @Override
    public DmaBuf exportPages(PageExportInfo info) {
        if (info == null) {
            KernelReports.warnOn(log, "dma_buf_export", OPS_MISSING);
            throw new ErrnoException(Errno.EINVAL, "dma_buf_export: no export info");
        }
        CachingModel model = models.lookup(info.cachingModel()).orElseThrow(() -> new ErrnoException(Errno.EINVAL,
                "export: unknown caching model " + info.cachingModel()));
        checkPages(info);
        PageBufferImpl pb = new PageBufferImpl(sim, info, SgTableImpl.ofRanges(info.pages()));
        PageBufferOps ops = new PageBufferOps(pb, model, info.sink(), pageFreer);
        validate(info.expName(), info.size(), ops, info.owner());
        DmaBufImpl buf = create(new DmaBufImpl.Export(info.expName(), info.size(), ops, info.fileFlags(),
                info.owner(), model.name()));
        pb.bind(buf);
        try {
            model.allocated(pb);
        } catch (RuntimeException e) {
            buf.discard();
            throw e;
        }
        list(buf);
        return buf;
    }

    @Override
    public List<DmaBuf> list() {
        synchronized (dbListLock) {
            return List.copyOf(newestFirst());
        }
    }

    @Override
    public Optional<DmaBuf> find(long inode) {
        synchronized (dbListLock) {
            return Optional.ofNullable(buffers.get(inode));
        }
    }

    /** {@code dma_buf_debug_show}, with {@code db_list.lock} held throughout as the kernel does. */
    @Override
    public String bufinfo() {
        synchronized (dbListLock) {
            return BufInfo.show(newestFirst());
        }
    }

    @Override
    public List<String> cachingModels() {
        return models.names();
    }

    @Override
    public void registerCachingModel(CachingModel model) {
        models.register(model);
        LOG.info("caching model {} registered", model.name());
    }

    @Override
    public void unregisterCachingModel(String name) {
        models.unregister(name);
        LOG.info("caching model {} unregistered", name);
    }

    /** The registered caching model of that name (built-in models look each other up through this). */
    public Optional<CachingModel> cachingModel(String name) {
        return models.lookup(name);
    }

    @Override
    public Optional<PageBuffer> pageBuffer(DmaBuf buf) {
        if (buf instanceof DmaBufImpl impl && impl.core() == this && impl.ops() instanceof PageBufferOps ops) {
            return Optional.of(ops.buffer());
        }
        return Optional.empty();
    }

    /**
     * For the device layer when {@code device} goes away: in every live buffer, unmaps through
     * {@code ops->unmap_dma_buf} what the device left mapped and detaches its attachments, which then
     * answer ENODEV. Returns how many attachments were torn down.
     */
    public int forceDetach(DmaDevice device) {
        int count = 0;
        for (DmaBufImpl buf : snapshot()) {
            count += buf.forceDetach(device);
        }
        return count;
    }

    KernelLogImpl kernelLog() {
        return log;
    }

    /** {@code dma_buf_file_release}: {@code list_del} under {@code db_list.lock}. */
    void unlist(DmaBufImpl buf) {
        synchronized (dbListLock) {
            buffers.remove(buf.inode());
        }
    }

    /** {@code WARN_ON_ONCE(ret)} in {@code dma_buf_vmap}: once per simulation. */
    void warnOnceVmapFailed() {
        if (vmapWarned.compareAndSet(false, true)) {
            KernelReports.warnOn(log, "dma_buf_vmap", "WARN_ON_ONCE(ret)");
        }
    }

    private DmaBufImpl create(DmaBufImpl.Export export) {
        return new DmaBufImpl(this, inodes.incrementAndGet(), export);
    }

    /** {@code list_add(&dmabuf->list_node, &db_list.head)}. */
    private void list(DmaBufImpl buf) {
        synchronized (dbListLock) {
            buffers.put(buf.inode(), buf);
        }
        LOG.debug("dma-buf {}: exported by {} ({} bytes)", buf.inode(), buf.expName(), buf.size());
    }

    private List<DmaBufImpl> snapshot() {
        synchronized (dbListLock) {
            return newestFirst();
        }
    }

    /** Lock held. */
    private List<DmaBufImpl> newestFirst() {
        List<DmaBufImpl> out = new ArrayList<>(buffers.values());
        Collections.reverse(out);
        return out;
    }

    private void validate(String expName, long size, DmaBufOps ops, Owner owner) {
        String condition = null;
        if (ops == null) {
            condition = OPS_MISSING;
        } else if (expName == null || expName.isEmpty()) {
            condition = "WARN_ON(!exp_info->exp_name)";
        } else if (owner == null) {
            condition = "WARN_ON(!exp_info->owner)";
        } else if (size <= 0) {
            condition = "WARN_ON(!exp_info->size)";
        }
        if (condition != null) {
            KernelReports.warnOn(log, "dma_buf_export", condition);
            throw new ErrnoException(Errno.EINVAL, "dma_buf_export: " + condition);
        }
    }

    private static void checkPages(PageExportInfo info) {
        if (info.pages().isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "export: no pages");
        }
        long bytes = 0;
        try {
            for (PageRange r : info.pages()) {
                bytes = Math.addExact(bytes, Math.multiplyExact(r.count(), (long) MemoryMap.PAGE_SIZE));
            }
        } catch (ArithmeticException e) {
            bytes = Long.MAX_VALUE;
        }
        if (info.size() <= 0 || info.size() > bytes) {
            throw new ErrnoException(Errno.EINVAL, "export: size " + info.size() + " for " + bytes + " bytes of pages");
        }
    }
}
