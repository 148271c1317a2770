// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.List;
import java.util.Locale;
import org.dmabufsim.core.internal.sim.Ratelimit;
import org.dmabufsim.core.internal.swiotlb.SwiotlbDevice;
import org.dmabufsim.core.internal.swiotlb.SwiotlbPool;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * dma-direct ({@code kernel/dma/direct.h}, {@code direct.c}) for one device, with swiotlb
 * ({@code kernel/dma/swiotlb.c}) as its bounce path, rules 80-88. Also serves an IOMMU identity
 * domain (DMA address = physical address). Maintenance addresses come from the DMA address
 * ({@code dma_to_phys}), as the kernel computes them (rule 57a).
 *
 * <p>Stateless apart from the device's live mappings (which have their own lock).
 */
final class DirectOps implements DmaOps {
    private static final long DMA32_LIMIT = 0xffff_ffffL;

    private final DmaContext ctx;
    private final DeviceSpec dev;
    private final long dmaOffset;
    private final long limit;
    private final LiveMappings live;
    private final ArchDma arch;
    private final CoherentAllocator coherent;
    private final WarnOnce once;
    private final SwiotlbPool pool; // null when the device may not bounce
    private final SwiotlbBounce bounce; // null with pool
    private final SwiotlbDevice swiotlbDev;
    private final boolean forceBounce;
    private final Ratelimit noPoolRatelimit;

    /**
     * @param dmaOffset {@code dma = phys - dmaOffset} (0 for an identity domain)
     */
    DirectOps(DmaContext ctx, DeviceSpec dev, long dmaOffset, LiveMappings live, ArchDma arch, WarnOnce once) {
        this.ctx = ctx;
        this.dev = dev;
        this.dmaOffset = dmaOffset;
        this.limit = minNotZero(dev.dmaMask(), dev.busDmaLimit());
        this.live = live;
        this.arch = arch;
        this.coherent = new CoherentAllocator(ctx, arch);
        this.once = once;
        this.pool = dev.swiotlb() ? ctx.swiotlb() : null;
        this.bounce = pool == null ? null : new SwiotlbBounce(ctx, pool, once);
        this.swiotlbDev = new SwiotlbDevice(dev.driver(), dev.name(), 0, dev.segmentBoundaryMask(), dmaOffset);
        this.forceBounce = dev.forceBounce() && dev.swiotlb();
        this.noPoolRatelimit = Ratelimit.defaults("swiotlb_tbl_map_single", ctx.stats()::nowNs, ctx.log());
    }

    /** {@code min_not_zero(*dev->dma_mask, dev->bus_dma_limit)}, unsigned. */
    static long minNotZero(long mask, long busLimit) {
        return busLimit != 0 && Long.compareUnsigned(busLimit, mask) < 0 ? busLimit : mask;
    }

    /** {@code dma_capable(dev, addr, size, true)}. */
    boolean capable(long dma, long size) {
        return dma != DmaMapping.DMA_MAPPING_ERROR && Long.compareUnsigned(dma + size - 1, limit) <= 0;
    }

    private boolean isSwiotlbBuffer(long phys) {
        return pool != null && pool.contains(phys);
    }

    @Override
    public long mapPage(long phys, long size, DmaDirection dir, DmaAttrs attrs) {
        long dma = phys - dmaOffset;
        if (forceBounce) {
            return swiotlbMap(phys, size, dir, attrs);
        }
        if (!capable(dma, size)) {
            if (pool != null) {
                return swiotlbMap(phys, size, dir, attrs);
            }
            if (once.first("dma_direct_map_page")) {
                ctx.log().warn(WarnOnce.devPrefix(dev) + overflow("DMA addr", dma, size));
            }
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        if (!dev.coherent() && !attrs.skipCpuSync()) {
            arch.syncForDevice(dev, phys, size, dir);
        }
        return dma;
    }

    /** {@code "%s %pad+%zu overflow (mask %llx, bus limit %llx)."} of direct.h and swiotlb.c. */
    private String overflow(String what, long dma, long size) {
        return String.format(Locale.ROOT, "%s 0x%016x+%d overflow (mask %x, bus limit %x).", what, dma, size,
                dev.dmaMask(), dev.busDmaLimit());
    }

    /** {@code swiotlb_map}: a slot, the map-time copy per era (rule 86), then maintenance of the slot. */
    private long swiotlbMap(long phys, long size, DmaDirection dir, DmaAttrs attrs) {
        if (pool == null) {
            if (noPoolRatelimit.allow()) {
                ctx.log().warn(WarnOnce.devPrefix(dev) + "Can not allocate SWIOTLB buffer earlier and can't now"
                        + " provide you with the DMA bounce buffer");
            }
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        long tlb = pool.mapSingle(swiotlbDev, phys, size, size, 0);
        if (tlb == SwiotlbPool.MAPPING_ERROR) {
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        boolean copy = ctx.era() == Arm64Era.FROM_5_19 || (!attrs.skipCpuSync() && dir.deviceReads());
        if (copy) {
            bounce.bounce(dev, tlb, size, true);
        }
        long dma = tlb - dmaOffset;
        if (!capable(dma, size)) {
            pool.release(tlb, size);
            if (once.first("swiotlb_map")) {
                ctx.log().warn(WarnOnce.devPrefix(dev) + overflow("swiotlb addr", dma, size));
            }
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        if (!dev.coherent() && !attrs.skipCpuSync()) {
            arch.syncForDevice(dev, tlb, size, dir);
        }
        live.add(new LiveMapping.Bounce(tlb, size, dir));
        return dma;
    }

    /** {@code dma_direct_unmap_page}: sync for the CPU unless skipped, then release the slot without copying. */
    @Override
    public void unmapPage(long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs) {
        long phys = dmaAddress + dmaOffset;
        if (!attrs.skipCpuSync()) {
            syncSingleForCpu(dmaAddress, size, dir);
        }
        // A slot that is no longer (or never was) this device's bounce buffer is left alone: in the
        // kernel, releasing a freed slot again finds alloc_size 0 and frees nothing.
        if (isSwiotlbBuffer(phys) && live.removeBounce(phys) != null) {
            pool.release(phys, size);
        }
    }

    /** {@code dma_direct_map_sg}: entry by entry, no merging; a failure unmaps the mapped entries (rule 84). */
    @Override
    public int mapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sgt.get(i);
            long dma = mapPage(s.phys(), s.length(), dir, attrs);
            if (dma == DmaMapping.DMA_MAPPING_ERROR) {
                s.setDma(dma, s.dmaLength());
                unmapEntries(sgt, i, dir, attrs.with(DmaAttrs.SKIP_CPU_SYNC_BIT));
                return Errno.EIO.negative();
            }
            s.setDma(dma, s.length());
        }
        return nents;
    }

    @Override
    public void unmapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        unmapEntries(sgt, nents, dir, attrs);
    }

    /** {@code dma_direct_unmap_sg}: each entry by its DMA address and DMA length. */
    private void unmapEntries(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sgt.get(i);
            unmapPage(s.dmaAddress(), s.dmaLength(), dir, attrs);
        }
    }

    /** {@code dma_direct_sync_single_for_cpu}: maintenance first, then the copy back (rule 83). */
    @Override
    public void syncSingleForCpu(long dmaAddress, long size, DmaDirection dir) {
        long phys = dmaAddress + dmaOffset;
        if (!dev.coherent()) {
            arch.syncForCpu(dev, phys, size, dir);
        }
        if (isSwiotlbBuffer(phys) && dir.deviceWrites()) {
            bounce.bounce(dev, phys, size, false);
        }
    }

    /** {@code dma_direct_sync_single_for_device}: the copy first, then maintenance (rule 83). */
    @Override
    public void syncSingleForDevice(long dmaAddress, long size, DmaDirection dir) {
        long phys = dmaAddress + dmaOffset;
        if (isSwiotlbBuffer(phys) && dir.deviceReads()) {
            bounce.bounce(dev, phys, size, true);
        }
        if (!dev.coherent()) {
            arch.syncForDevice(dev, phys, size, dir);
        }
    }

    /** {@code dma_direct_sync_sg_for_cpu}: {@code dma_to_phys(sg_dma_address)} for {@code sg->length} bytes. */
    @Override
    public void syncSgForCpu(SgTable sgt, int nelems, DmaDirection dir) {
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sgt.get(i);
            syncSingleForCpu(s.dmaAddress(), s.length(), dir);
        }
    }

    @Override
    public void syncSgForDevice(SgTable sgt, int nelems, DmaDirection dir) {
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sgt.get(i);
            syncSingleForDevice(s.dmaAddress(), s.length(), dir);
        }
    }

    /** {@code dma_direct_alloc}: zone by the coherent mask, retried in DMA32 when the pages do not fit. */
    @Override
    public CoherentBuffer alloc(long size) {
        long physLimit = limit == -1L ? -1L : limit + dmaOffset;
        List<Zone> zones = Long.compareUnsigned(physLimit, DMA32_LIMIT) <= 0 ? List.of(Zone.DMA32)
                : limit == -1L ? List.of(Zone.NORMAL) : List.of(Zone.NORMAL, Zone.DMA32);
        CoherentAllocator.Pages pages = coherent.allocPages(size, zones, phys -> capable(phys - dmaOffset, size));
        if (pages == null) {
            throw new ErrnoException(Errno.ENOMEM, String.format(Locale.ROOT,
                    "dma_alloc_coherent: %s: no pages for %d bytes within mask %x", dev.name(), size, limit));
        }
        long dma = pages.range().phys() - dmaOffset;
        LiveMapping.Coherent buffer = new LiveMapping.Coherent(dma, size, pages.range(), pages.cmaRegion(),
                coherent.mapAndZero(pages.range(), size, dev.coherent()), 0);
        live.add(buffer);
        return new CoherentBuffer(dev.name(), dma, size, buffer.pages(), buffer.cpu());
    }

    @Override
    public void free(LiveMapping.Coherent buffer) {
        coherent.free(buffer);
    }

    /**
     * {@code dma_direct_max_mapping_size}: swiotlb's 256 KiB when the device may bounce (pool present
     * and allowed, and forced or addressing-limited), else unlimited.
     */
    @Override
    public long maxMappingSize() {
        if (pool != null && (forceBounce || addressingLimited())) {
            return SwiotlbPool.maxMappingSize();
        }
        return Long.MAX_VALUE;
    }

    /** {@code dma_addressing_limited}: the limit is below {@code dma_direct_get_required_mask}. */
    private boolean addressingLimited() {
        long dramEnd = ctx.memory().layout().banks().stream().mapToLong(DramBank::end).max().orElse(0);
        long lastPage = dramEnd - MemoryMap.PAGE_SIZE;
        long maxDma = lastPage - dmaOffset;
        long required = maxDma == 0 ? 0 : (Long.highestOneBit(maxDma) << 1) - 1;
        return Long.compareUnsigned(limit, required) < 0;
    }

    /** A bounce buffer the device left: maintenance and copy back as an unmap would, then the slot is freed. */
    @Override
    public void teardown(LiveMapping mapping) {
        if (mapping instanceof LiveMapping.Bounce b) {
            if (!dev.coherent()) {
                arch.syncForCpu(dev, b.tlbPhys(), b.size(), b.dir());
            }
            if (b.dir().deviceWrites()) {
                bounce.bounce(dev, b.tlbPhys(), b.size(), false);
            }
            pool.release(b.tlbPhys(), b.size());
        } else if (mapping instanceof LiveMapping.Coherent c) {
            free(c);
        }
    }
}
