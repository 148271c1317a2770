// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.List;
import java.util.function.LongPredicate;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.ErrnoException;

/**
 * The page side of {@code dma_alloc_coherent}, shared by dma-direct and dma-iommu:
 * {@code dma_alloc_contiguous} (the default CMA area {@code "linux,cma"} for more than one page,
 * {@code cma_alloc} aligned to {@code min(order, CONFIG_CMA_ALIGNMENT = 8)}), else the buddy
 * allocator; then the CPU mapping: for a non-coherent device {@code arch_dma_prep_coherent} (clean
 * and invalidate the linear alias) and a write-combine remap, for a coherent one a cacheable
 * mapping; then {@code memset(cpu_addr, 0, size)} through that mapping.
 *
 * <p>The simulation always allocates physically contiguous pages (as {@code DMA_ATTR_FORCE_CONTIGUOUS}
 * or an atomic allocation would on the dma-iommu path). Stateless.
 */
final class CoherentAllocator {
    /** The kernel's default CMA area ({@code dma_contiguous_default_area}). */
    static final String DEFAULT_CMA = "linux,cma";
    private static final int CMA_ALIGNMENT = 8;

    /** Pages and where they came from. */
    record Pages(PageRange range, String cmaRegion) {
    }

    private final DmaContext ctx;
    private final ArchDma arch;

    CoherentAllocator(DmaContext ctx, ArchDma arch) {
        this.ctx = ctx;
        this.arch = arch;
    }

    /**
     * {@code dma_alloc_contiguous}, then {@code alloc_pages} from each zone in turn; every candidate
     * must pass {@code fits} ({@code dma_coherent_ok}) or is given back.
     *
     * @return the pages, or {@code null} if none fit
     */
    Pages allocPages(long size, List<Zone> zones, LongPredicate fits) {
        long count = pages(size);
        int order = 64 - Long.numberOfLeadingZeros(count - 1);
        Pages cma = count > 1 ? allocCma(count, order, fits) : null;
        if (cma != null || order > MemoryMap.MAX_ORDER) {
            return cma;
        }
        for (Zone zone : zones) {
            PageRange r;
            try {
                r = ctx.memory().allocPages(order, zone);
            } catch (ErrnoException e) {
                continue; // the kernel tries the next gfp zone
            }
            if (fits.test(r.phys())) {
                return new Pages(r, null);
            }
            ctx.memory().freePages(r);
        }
        return null;
    }

    private Pages allocCma(long count, int order, LongPredicate fits) {
        boolean present = ctx.memory().region(DEFAULT_CMA).map(r -> r.kind() == RegionKind.CMA).orElse(false);
        if (!present) {
            return null;
        }
        PageRange r;
        try {
            r = ctx.memory().allocRegion(DEFAULT_CMA, count, Math.min(order, CMA_ALIGNMENT));
        } catch (ErrnoException e) {
            return null; // cma_alloc failed: fall back to the page allocator
        }
        if (fits.test(r.phys())) {
            return new Pages(r, DEFAULT_CMA);
        }
        ctx.memory().freeRegion(DEFAULT_CMA, r);
        return null;
    }

    /** Prepares, maps and zeroes the buffer's pages for the CPU. */
    CpuMapping mapAndZero(PageRange pages, long size, boolean coherent) {
        long aligned = pages(size) * MemoryMap.PAGE_SIZE;
        if (!coherent) {
            arch.prepCoherent(pages.phys(), aligned);
        }
        CpuMapping cpu = ctx.cpu().map(List.of(pages), coherent ? MemAttr.CACHEABLE : MemAttr.WRITE_COMBINE);
        cpu.fill(0, aligned, (byte) 0);
        return cpu;
    }

    /** Unmaps the CPU side and gives the pages back. */
    void free(LiveMapping.Coherent buffer) {
        buffer.cpu().unmap();
        freePages(new Pages(buffer.pages(), buffer.cmaRegion()));
    }

    /** Gives pages back to where they came from. */
    void freePages(Pages pages) {
        if (pages.cmaRegion() != null) {
            ctx.memory().freeRegion(pages.cmaRegion(), pages.range());
        } else {
            ctx.memory().freePages(pages.range());
        }
    }

    /** {@code PAGE_ALIGN(size) >> PAGE_SHIFT}. */
    static long pages(long size) {
        return (size + MemoryMap.PAGE_SIZE - 1) >>> MemoryMap.PAGE_SHIFT;
    }
}
