// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;

/**
 * The physical memory map: DRAM contents, the two buddy zones and the reserved-region allocators.
 * Each zone and each region has its own lock; DRAM has none (see {@link Dram}).
 */
public final class MemoryMapImpl implements MemoryMap {
    private final MemoryLayout layout;
    private final KernelLogImpl log;
    private final Dram dram;
    private final BuddyZone dma32;
    private final BuddyZone normal;
    private final Map<String, ReservedRegion> regions = new LinkedHashMap<>(); // layout order, immutable after construction
    private final Map<String, RegionAllocator> allocators = new LinkedHashMap<>(); // CMA and carveouts only
    private final ReservedRegion[] regionArray; // regions' values, for the prefetcher's per-line check
    private final long totalRamPages;
    private volatile LongSupplier swiotlbUsage = () -> 0L;

    /**
     * @throws ErrnoException EINVAL if the layout is inconsistent (see {@link LayoutValidator})
     */
    public MemoryMapImpl(MemoryLayout layout, KernelLogImpl log) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.log = Objects.requireNonNull(log, "log");
        LayoutValidator.validate(layout);
        this.dram = new Dram(layout.banks());
        long excluded = 0;
        for (ReservedRegion r : layout.reserved()) {
            regions.put(r.name(), r);
            if (r.kind() == RegionKind.SWIOTLB) {
                excluded += r.size() >>> PAGE_SHIFT;
            } else {
                allocators.put(r.name(), new RegionAllocator(r));
                if (r.kind() == RegionKind.CARVEOUT) {
                    excluded += r.size() >>> PAGE_SHIFT;
                }
            }
        }
        this.regionArray = regions.values().toArray(new ReservedRegion[0]);
        this.totalRamPages = (layout.totalBytes() >>> PAGE_SHIFT) - excluded;
        ZoneRanges zr = ZoneRanges.of(layout);
        this.dma32 = new BuddyZone("DMA32", zr.dma32());
        this.normal = new BuddyZone("Normal", zr.normal());
    }

    /** DRAM itself, for the cache and the DMA layer. */
    public Dram dram() {
        return dram;
    }

    /** Copies DRAM to DRAM (non-overlapping), below the cache. */
    public void copyDram(long srcPhys, long dstPhys, long len) {
        dram.copy(srcPhys, dstPhys, len);
    }

    /** Zeroes DRAM below the cache; whole pages drop their backing. */
    public void zeroDram(long phys, long len) {
        dram.zero(phys, len);
    }

    /** Installs the source of the swiotlb region's used-page count (the DMA layer's slot allocator). */
    public void setSwiotlbUsage(LongSupplier usedPages) {
        this.swiotlbUsage = Objects.requireNonNull(usedPages, "usedPages");
    }

    @Override
    public MemoryLayout layout() {
        return layout;
    }

    @Override
    public long totalRamPages() {
        return totalRamPages;
    }

    @Override
    public PageRange allocPages(int order, Zone zone) {
        Objects.requireNonNull(zone, "zone");
        if (order < 0 || order > MAX_ORDER) {
            throw new ErrnoException(Errno.EINVAL, "alloc_pages: order " + order + " outside 0.." + MAX_ORDER);
        }
        long pfn = zone == Zone.NORMAL ? normal.alloc(order) : -1;
        if (pfn < 0) {
            pfn = dma32.alloc(order);
        }
        if (pfn < 0) {
            throw new ErrnoException(Errno.ENOMEM, "page allocation failure: order:" + order + " zone:" + zone);
        }
        return PageRange.ofOrder(pfn, order);
    }

    @Override
    public void freePages(PageRange block) {
        int order = block.order();
        BuddyZone zone = dma32.contains(block.pfn()) ? dma32 : normal.contains(block.pfn()) ? normal : null;
        String reason;
        if (order < 0 || order > MAX_ORDER) {
            reason = "not a buddy block of " + block.count() + " pages";
        } else if (zone == null) {
            reason = "pfn outside every zone";
        } else {
            reason = zone.free(block.pfn(), order);
        }
        if (reason != null) {
            throw bug(String.format("BUG: Bad page state in process dmabuf-sim  pfn:%05x page dumped because: %s",
                    block.pfn(), reason));
        }
    }

    @Override
    public PageRange allocRegion(String regionName, long pages, int alignOrder) {
        RegionAllocator a = allocators.get(regionName);
        if (a == null) {
            throw new ErrnoException(Errno.ENODEV, "no CMA or carveout region named " + regionName);
        }
        if (pages < 1 || alignOrder < 0 || alignOrder > 30) {
            throw new ErrnoException(Errno.EINVAL,
                    "cma_alloc(" + regionName + ", count " + pages + ", align " + alignOrder + ")");
        }
        PageRange r = a.alloc(pages, alignOrder);
        if (r == null) {
            throw new ErrnoException(Errno.ENOMEM, String.format("%s: alloc failed, req-size: %d pages, align: %d",
                    regionName, pages, alignOrder));
        }
        return r;
    }

    @Override
    public void freeRegion(String regionName, PageRange range) {
        RegionAllocator a = allocators.get(regionName);
        if (a == null || !a.free(range)) {
            throw bug(String.format("BUG: %s: release of pfn %#x count %d that is not allocated in the region",
                    regionName, range.pfn(), range.count()));
        }
    }

    @Override
    public List<RegionStats> stats() {
        List<RegionStats> out = new ArrayList<>();
        for (BuddyZone z : List.of(dma32, normal)) {
            long free = z.freePages();
            long backed = 0;
            for (BuddyZone.PfnRange r : z.ranges()) {
                backed += dram.backedPages(r.startPfn() << PAGE_SHIFT, r.endPfn() << PAGE_SHIFT);
            }
            out.add(new RegionStats(z.name(), null, z.totalPages(), free, z.totalPages() - free, backed * PAGE_SIZE));
        }
        for (ReservedRegion r : regions.values()) {
            long total = r.size() >>> PAGE_SHIFT;
            long used = r.kind() == RegionKind.SWIOTLB ? swiotlbUsage.getAsLong() : allocators.get(r.name()).usedPages();
            long backed = dram.backedPages(r.base(), r.end());
            out.add(new RegionStats(r.name(), r.kind(), total, total - used, used, backed * PAGE_SIZE));
        }
        return out;
    }

    @Override
    public boolean isDram(long phys) {
        return dram.isDram(phys);
    }

    /** Whether {@code phys} is DRAM and the first region containing it (if any) is not {@code no-map}. */
    @Override
    public boolean isLinearMapped(long phys) {
        if (!dram.isDram(phys)) {
            return false;
        }
        for (ReservedRegion r : regionArray) {
            if (r.contains(phys)) {
                return !r.noMap();
            }
        }
        return true;
    }

    /** Whether all of {@code [phys, phys+len)} is DRAM with a linear-map alias. */
    public boolean isLinearMapped(long phys, long len) {
        if (len <= 0 || !dram.isDram(phys, len)) {
            return len == 0 && dram.isDram(phys);
        }
        for (ReservedRegion r : regions.values()) {
            if (r.noMap() && r.base() < phys + len && phys < r.end()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Optional<ReservedRegion> regionOf(long phys) {
        for (ReservedRegion r : regions.values()) {
            if (r.contains(phys)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<ReservedRegion> region(String name) {
        return Optional.ofNullable(regions.get(name));
    }

    @Override
    public void readDram(long phys, byte[] dst, int offset, int length) {
        dram.read(phys, dst, offset, length);
    }

    @Override
    public void writeDram(long phys, byte[] src, int offset, int length) {
        dram.write(phys, src, offset, length);
    }

    @Override
    public long hostBytes() {
        return dram.hostBytes();
    }

    /** The buddy zone, for tests and debug dumps. */
    BuddyZone zone(Zone zone) {
        return zone == Zone.NORMAL ? normal : dma32;
    }

    private KernelBug bug(String message) {
        log.bug(message);
        return new KernelBug(message);
    }
}
