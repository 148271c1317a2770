// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.Objects;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ION after Laura Abbott's rework (v4.12 .. v5.10 {@code ion.c}), rules 44-47, 55-57:
 * <ul>
 * <li>attach: {@code dup_sg_table} of the buffer's table (DMA fields 0) into the attachment;
 * detach frees it;</li>
 * <li>map: {@code dma_map_sg(attachment->dev, table->sgl, table->nents, dir)}, 0 is ENOMEM; the
 * attachment's one table is returned every time; unmap: {@code dma_unmap_sg}, the table stays;</li>
 * <li>begin_cpu_access: {@code ion_buffer_kmap_get} if the heap has {@code map_kernel}, then
 * {@code dma_sync_sg_for_cpu(a->dev, a->table->sgl, a->table->nents, dir)} for EVERY attachment,
 * mapped or not; end: {@code ion_buffer_kmap_put} (if {@code map_kernel}), then
 * {@code dma_sync_sg_for_device} for every attachment. No attachment, no maintenance (rule 45);</li>
 * <li>mmap: cacheable for ION_FLAG_CACHED, write-combine otherwise; vmap: the heap's kernel mapping
 * with the same attributes.</li>
 * </ul>
 * The kernel passes {@code table->nents}, which for these tables (never given to
 * {@code dma_map_sgtable}) is {@code orig_nents}.
 *
 * <p>Defects reproduced, not fixed (rule 57): an attachment that is attached but not mapped is synced
 * with {@code dma_address} 0 (on a dma-direct device the DMA layer maintains {@code dma_to_phys(0)}
 * and warns; on an IOMMU device it maintains the pages via {@code sg_phys}); dma-debug stays silent
 * because it finds no entry for the first segment, so the model flags each such sync itself with a
 * WARN marked as the simulator's diagnostic. The kernel has no {@code mapped} flag here: the model
 * keeps one in the attachment only for that diagnostic. An unbalanced end takes {@code kmap_cnt}
 * below zero ({@link IonKmap}).
 */
final class Ion412Model implements CachingModel {
    private static final Logger LOG = LoggerFactory.getLogger(Ion412Model.class);
    private static final String BEGIN = "ion_dma_buf_begin_cpu_access";
    private static final String END = "ion_dma_buf_end_cpu_access";

    private final KernelLogImpl log;

    Ion412Model(KernelLogImpl log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String name() {
        return ION_4_12;
    }

    /** The model's state of a buffer exported with this model. */
    static Ion412State state(PageBuffer buffer) {
        if (buffer.modelState() instanceof Ion412State s) {
            return s;
        }
        throw new IllegalStateException(buffer + " is not an " + ION_4_12 + " buffer");
    }

    @Override
    public void allocated(PageBuffer buffer) {
        buffer.setModelState(new Ion412State(log));
    }

    @Override
    public void released(PageBuffer buffer) {
        state(buffer).kmap().destroy();
    }

    /** {@code ion_dma_buf_attach}. */
    @Override
    public void attach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(buffer.sim().dma().dupSgTable(buffer.table()));
        attachment.setMapped(false);
    }

    /** {@code ion_dma_buf_detatch} (sic): {@code free_duped_table}. */
    @Override
    public void detach(PageBuffer buffer, PageAttachment attachment) {
        attachment.setTable(null);
    }

    /** {@code ion_map_dma_buf}. */
    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        SgTable table = table(attachment);
        int mapped = buffer.sim().dma().mapSg(attachment.device(), table, table.origNents(), direction, DmaAttrs.NONE);
        if (mapped == 0) {
            throw new ErrnoException(Errno.ENOMEM, "ion_map_dma_buf: dma_map_sg failed for "
                    + attachment.device().name());
        }
        attachment.setMapped(true);
        return table;
    }

    /** {@code ion_unmap_dma_buf}: {@code dma_unmap_sg}; the table is kept until detach. */
    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        attachment.setMapped(false);
        buffer.sim().dma().unmapSg(attachment.device(), table, table.origNents(), direction, DmaAttrs.NONE);
    }

    /** {@code ion_dma_buf_begin_cpu_access}. */
    @Override
    public void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
        if (buffer.kernelMappable()) {
            state(buffer).kmap().get();
        }
        DmaMapping dma = buffer.sim().dma();
        for (PageAttachment a : buffer.attachments()) {
            SgTable table = flagUnmapped(buffer, a, BEGIN);
            dma.syncSgForCpu(a.device(), table, table.origNents(), direction);
        }
    }

    /** {@code ion_dma_buf_end_cpu_access}. */
    @Override
    public void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
        if (buffer.kernelMappable()) {
            state(buffer).kmap().put(buffer.dmabuf().inode());
        }
        DmaMapping dma = buffer.sim().dma();
        for (PageAttachment a : buffer.attachments()) {
            SgTable table = flagUnmapped(buffer, a, END);
            dma.syncSgForDevice(a.device(), table, table.origNents(), direction);
        }
    }

    /** The attachment's table; an attachment that is not mapped is flagged first (rule 57a). */
    private SgTable flagUnmapped(PageBuffer buffer, PageAttachment a, String function) {
        SgTable table = table(a);
        if (!a.isMapped()) {
            state(buffer).countUnmappedSync();
            log.warn(IonReports.unmappedSync(a.device().name(), table.get(0).dmaAddress(), function));
            LOG.debug("ion-4.12 dma-buf {}: {} syncs unmapped attachment {}", buffer.dmabuf().inode(), function,
                    a.device().name());
        }
        return table;
    }

    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        return buffer.sim().cpu().map(PageSlices.slice(buffer.pages(), pgoff, pages), IonAttrs.userAttr(buffer));
    }

    @Override
    public CpuMapping vmap(PageBuffer buffer) {
        return IonAttrs.mapKernel(buffer, "ion_dma_buf_vmap", log);
    }

    private static SgTable table(PageAttachment attachment) {
        return attachment.table().orElseThrow(() -> new IllegalStateException(attachment + " has no table"));
    }
}
