// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.List;
import java.util.Objects;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ION before the rework (v4.9 {@code drivers/staging/android/ion/ion.c}), rules 37-42, 54:
 * <ul>
 * <li>allocation: the buffer's table is the one table every importer gets, with
 * {@code sg_dma_address = sg_phys} and {@code sg_dma_len = length} ("not technically correct as per
 * the dma api"), and the pages are flushed as {@code ion_pages_sync_for_device(NULL, page, size,
 * DMA_BIDIRECTIONAL)} did: arm64 {@code __dma_map_area} BIDIRECTIONAL, a clean of every line. There is
 * no device to go through the DMA API with, so the model does the arch maintenance itself (counted in
 * {@code linesWalked}/{@code linesWrittenBack}, not in {@code dmaSyncCalls});</li>
 * <li>attach/detach: nothing (v4.9 had no attach op); unmap: nothing;</li>
 * <li>map: {@code ion_buffer_sync_for_device}, then the shared table. For fault-tracked buffers
 * (CACHED without CACHED_NEEDS_SYNC) every page dirtied through a user mapping since the last map is
 * synced with {@code ion_pages_sync_for_device(attach->dev, page, PAGE_SIZE, dir)}: a one-entry table
 * whose DMA address is the physical address, through the real {@code dma_sync_sg_for_device}. Then
 * every page is marked clean and every user mapping zapped so the next touch faults again;</li>
 * <li>begin_cpu_access: ENODEV for a heap without {@code map_kernel}, otherwise {@code kmap_cnt++};
 * end: {@code kmap_cnt--}. No cache maintenance in either;</li>
 * <li>mmap: fault-tracked cacheable mapping ({@code ion_vm_fault}) for fault-tracked buffers,
 * cacheable for other cached buffers, write-combine otherwise;</li>
 * <li>vmap: the heap's kernel mapping, cacheable only for cached buffers
 * ({@code ion_heap_map_kernel}), ENODEV without {@code map_kernel}.</li>
 * </ul>
 * One instance per simulation; per-buffer state in {@link Ion49State}.
 */
final class Ion49Model implements CachingModel {
    private static final Logger LOG = LoggerFactory.getLogger(Ion49Model.class);
    private static final String BEGIN = "ion_dma_buf_begin_cpu_access";

    private final KernelLogImpl log;

    Ion49Model(KernelLogImpl log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public String name() {
        return ION_4_9;
    }

    /** {@code ion_buffer_fault_user_mappings}. */
    static boolean faultUserMappings(PageBuffer buffer) {
        long flags = buffer.flags();
        return (flags & PageExportInfo.FLAG_CACHED) != 0 && (flags & PageExportInfo.FLAG_CACHED_NEEDS_SYNC) == 0;
    }

    /** The model's state of a buffer exported with this model. */
    static Ion49State state(PageBuffer buffer) {
        if (buffer.modelState() instanceof Ion49State s) {
            return s;
        }
        throw new IllegalStateException(buffer + " is not an " + ION_4_9 + " buffer");
    }

    /** {@code ion_buffer_create}: dma address = phys for every entry, then the allocation flush (rule 41). */
    @Override
    public void allocated(PageBuffer buffer) {
        for (Scatterlist sg : buffer.table().entries()) {
            sg.setDma(sg.phys(), sg.length());
        }
        CpuCache cache = buffer.sim().cache();
        long lines = 0;
        for (PageRange r : buffer.pages()) {
            cache.clean(r.phys(), r.bytes());
            lines += r.bytes() / CpuCache.LINE_SIZE;
        }
        buffer.sim().cpu().barrier();
        buffer.setModelState(new Ion49State(log, lines));
    }

    @Override
    public void released(PageBuffer buffer) {
        state(buffer).destroy();
    }

    /** {@code ion_map_dma_buf}. */
    @Override
    public SgTable map(PageBuffer buffer, PageAttachment attachment, DmaDirection direction) {
        syncForDevice(buffer, attachment.device(), direction);
        return buffer.table();
    }

    /** {@code ion_unmap_dma_buf}: empty. */
    @Override
    public void unmap(PageBuffer buffer, PageAttachment attachment, SgTable table, DmaDirection direction) {
        LOG.trace("ion-4.9 dma-buf {}: unmap for {} does nothing", buffer.dmabuf().inode(),
                attachment.device().name());
    }

    /** {@code ion_buffer_sync_for_device}. */
    private void syncForDevice(PageBuffer buffer, DmaDevice dev, DmaDirection dir) {
        if (!faultUserMappings(buffer)) {
            return;
        }
        Ion49State state = state(buffer);
        List<PageRange> chunks = buffer.pages();
        int pages = (int) ((buffer.size() + MemoryMap.PAGE_SIZE - 1) / MemoryMap.PAGE_SIZE);
        synchronized (state.lock()) {
            long synced = 0;
            for (int i = 0; i < pages; i++) {
                if (state.isDirtyLocked(i)) {
                    pagesSyncForDevice(buffer.sim().dma(), dev, PageSlices.pfnAt(chunks, i), dir);
                    synced++;
                }
            }
            state.cleanAllLocked(synced);
            state.zapAllLocked();
            LOG.debug("ion-4.9 dma-buf {}: synced {} dirty page(s) for {}", buffer.dmabuf().inode(), synced,
                    dev.name());
        }
    }

    /**
     * {@code ion_pages_sync_for_device}: {@code sg_init_table} + {@code sg_set_page}, then
     * {@code sg_dma_address = page_to_phys(page)} ("This is not correct - sg_dma_address needs a
     * dma_addr_t that is valid for the targeted device"); {@code sg_dma_len} stays 0.
     */
    static void pagesSyncForDevice(DmaMapping dma, DmaDevice dev, long pfn, DmaDirection dir) {
        SgTable sg = dma.newSgTable(List.of(new SgSegment(pfn, 0, MemoryMap.PAGE_SIZE)));
        sg.get(0).setDma(pfn << MemoryMap.PAGE_SHIFT, 0);
        dma.syncSgForDevice(dev, sg, 1, dir);
    }

    /** {@code ion_dma_buf_begin_cpu_access} (rule 42). */
    @Override
    public void beginCpuAccess(PageBuffer buffer, DmaDirection direction) {
        if (!buffer.kernelMappable()) {
            String message = IonReports.noMapKernel(BEGIN);
            log.error(message);
            throw new ErrnoException(Errno.ENODEV, message);
        }
        state(buffer).kmap().get();
    }

    /** {@code ion_dma_buf_end_cpu_access}: {@code ion_buffer_kmap_put}, whatever the heap. */
    @Override
    public void endCpuAccess(PageBuffer buffer, DmaDirection direction) {
        state(buffer).kmap().put(buffer.dmabuf().inode());
    }

    /** {@code ion_mmap} (rules 38, 54). */
    @Override
    public CpuMapping mmap(PageBuffer buffer, long pgoff, long pages) {
        List<PageRange> slice = PageSlices.slice(buffer.pages(), pgoff, pages);
        if (faultUserMappings(buffer)) {
            Ion49State state = state(buffer);
            CpuMapping vma = buffer.sim().cpu().mapFaulting(slice, MemAttr.CACHEABLE,
                    (mapping, pageIndex, write) -> state.fault(mapping, pgoff, pageIndex));
            state.addVma(vma);
            return vma;
        }
        return buffer.sim().cpu().map(slice, IonAttrs.userAttr(buffer));
    }

    @Override
    public CpuMapping vmap(PageBuffer buffer) {
        return IonAttrs.mapKernel(buffer, "ion_dma_buf_vmap", log);
    }
}
