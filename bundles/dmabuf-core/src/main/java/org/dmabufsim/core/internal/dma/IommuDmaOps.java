// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.List;
import org.dmabufsim.core.internal.iommu.IommuDomain;
import org.dmabufsim.core.internal.iommu.IovaAllocator;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * dma-iommu ({@code drivers/iommu/dma-iommu.c}) for one device with a paging domain, rules 89-94.
 * Maintenance addresses come from the pages ({@code sg_phys}, or {@code iommu_iova_to_phys} for
 * single mappings), never from the DMA address. Permissions are {@code dma_info_to_prot}.
 *
 * <p>Stateless apart from the domain and the device's live mappings, which have their own locks.
 */
final class IommuDmaOps implements DmaOps {
    private static final long GRANULE = IovaAllocator.GRANULE;

    private final DeviceSpec dev;
    private final IommuDomain domain;
    private final LiveMappings live;
    private final ArchDma arch;
    private final CoherentAllocator coherent;

    IommuDmaOps(DmaContext ctx, DeviceSpec dev, IommuDomain domain, LiveMappings live, ArchDma arch) {
        this.dev = dev;
        this.domain = domain;
        this.live = live;
        this.arch = arch;
        this.coherent = new CoherentAllocator(ctx, arch);
    }

    /**
     * {@code __iommu_dma_map}: one granule-aligned IOVA range; {@code DMA_MAPPING_ERROR} when there is
     * no IOVA space or the map fails.
     */
    private long iommuDmaMap(long phys, long size, IommuProt prot) {
        long iovaOff = phys & (GRANULE - 1);
        long len = IommuSgLayout.align(size + iovaOff);
        long iova = domain.allocIova(len);
        if (iova == 0) {
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        try {
            if (domain.map(iova, phys - iovaOff, len, prot) < len) {
                domain.freeIova(iova, len);
                return DmaMapping.DMA_MAPPING_ERROR;
            }
        } catch (ErrnoException e) {
            domain.freeIova(iova, len);
            return DmaMapping.DMA_MAPPING_ERROR;
        }
        live.add(new LiveMapping.Iova(iova, len));
        return iova + iovaOff;
    }

    /** {@code __iommu_dma_unmap}: unmaps and frees (or queues) the whole IOVA range. */
    private void iommuDmaUnmap(long dmaAddress, long size) {
        domain.unmap(dmaAddress, size);
        live.removeIova(dmaAddress & -GRANULE);
    }

    @Override
    public long mapPage(long phys, long size, DmaDirection dir, DmaAttrs attrs) {
        long handle = iommuDmaMap(phys, size, IommuProt.of(dir, dev.coherent(), attrs));
        if (!dev.coherent() && !attrs.skipCpuSync() && handle != DmaMapping.DMA_MAPPING_ERROR) {
            arch.syncForDevice(dev, phys, size, dir);
        }
        return handle;
    }

    @Override
    public void unmapPage(long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs) {
        if (!attrs.skipCpuSync()) {
            syncSingleForCpu(dmaAddress, size, dir);
        }
        iommuDmaUnmap(dmaAddress, size);
    }

    /** {@code iommu_dma_map_sg}: maintenance per segment, one IOVA range, back-to-back maps, merge. */
    @Override
    public int mapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        if (!attrs.skipCpuSync()) {
            syncSgForDevice(sgt, nents, dir);
        }
        IommuSgLayout layout = IommuSgLayout.of(sgt, nents, dev.segmentBoundaryMask());
        long iovaLen = layout.iovaLength();
        long iova = domain.allocIova(iovaLen);
        if (iova == 0) {
            IommuSgLayout.invalidate(sgt, nents);
            return Errno.ENOMEM.negative();
        }
        IommuProt prot = IommuProt.of(dir, dev.coherent(), attrs);
        long[] mapped = {0};
        try {
            layout.forEachRun((off, phys, len) -> {
                if (domain.map(iova + off, phys, len, prot) < len) {
                    throw new ErrnoException(Errno.EINVAL, "iommu_map_sg: short map");
                }
                mapped[0] = off + len;
            });
        } catch (ErrnoException e) {
            if (mapped[0] > 0) {
                domain.unmapRange(iova, mapped[0]);
            }
            domain.freeIova(iova, iovaLen);
            IommuSgLayout.invalidate(sgt, nents);
            return e.errno() == Errno.ENOMEM || e.errno() == Errno.EREMOTEIO ? e.errno().negative()
                    : Errno.EINVAL.negative();
        }
        live.add(new LiveMapping.Iova(iova, iovaLen));
        return layout.finalise(sgt, iova, dev.maxSegmentSize(), dev.segmentBoundaryMask());
    }

    /** {@code iommu_dma_unmap_sg}: maintenance per CPU segment, then one unmap of the whole range. */
    @Override
    public void unmapSg(SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        if (!attrs.skipCpuSync()) {
            syncSgForCpu(sgt, nents, dir);
        }
        Scatterlist last = sgt.get(0);
        for (int i = 1; i < nents; i++) {
            Scatterlist s = sgt.get(i);
            if (s.dmaLength() == 0) {
                break;
            }
            last = s;
        }
        long start = sgt.get(0).dmaAddress();
        iommuDmaUnmap(start, last.dmaAddress() + last.dmaLength() - start);
    }

    /** {@code iommu_iova_to_phys}: 0 where nothing is mapped. */
    private long iovaToPhys(long iova) {
        return domain.translate(iova).map(e -> e.translatedAddr() + (iova - e.iova())).orElse(0L);
    }

    @Override
    public void syncSingleForCpu(long dmaAddress, long size, DmaDirection dir) {
        if (!dev.coherent()) {
            arch.syncForCpu(dev, iovaToPhys(dmaAddress), size, dir);
        }
    }

    @Override
    public void syncSingleForDevice(long dmaAddress, long size, DmaDirection dir) {
        if (!dev.coherent()) {
            arch.syncForDevice(dev, iovaToPhys(dmaAddress), size, dir);
        }
    }

    /** {@code iommu_dma_sync_sg_for_cpu}: by {@code sg_phys(sg)} and {@code sg->length} (rule 57a). */
    @Override
    public void syncSgForCpu(SgTable sgt, int nelems, DmaDirection dir) {
        if (dev.coherent()) {
            return;
        }
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sgt.get(i);
            arch.syncForCpu(dev, s.phys(), s.length(), dir);
        }
    }

    @Override
    public void syncSgForDevice(SgTable sgt, int nelems, DmaDirection dir) {
        if (dev.coherent()) {
            return;
        }
        for (int i = 0; i < nelems; i++) {
            Scatterlist s = sgt.get(i);
            arch.syncForDevice(dev, s.phys(), s.length(), dir);
        }
    }

    /** {@code iommu_dma_alloc} (contiguous pages): pages, a BIDIRECTIONAL IOVA mapping, the CPU mapping. */
    @Override
    public CoherentBuffer alloc(long size) {
        CoherentAllocator.Pages pages = coherent.allocPages(size, List.of(Zone.NORMAL), phys -> true);
        if (pages == null) {
            throw new ErrnoException(Errno.ENOMEM, "dma_alloc_coherent: " + dev.name() + ": no pages for " + size
                    + " bytes");
        }
        long iovaSize = IommuSgLayout.align(size);
        long dma = iommuDmaMap(pages.range().phys(), size,
                IommuProt.of(DmaDirection.BIDIRECTIONAL, dev.coherent(), DmaAttrs.NONE));
        if (dma == DmaMapping.DMA_MAPPING_ERROR) {
            coherent.freePages(pages);
            throw new ErrnoException(Errno.ENOMEM, "dma_alloc_coherent: " + dev.name() + ": no IOVA space for "
                    + size + " bytes");
        }
        live.removeIova(dma);
        LiveMapping.Coherent buffer = new LiveMapping.Coherent(dma, size, pages.range(), pages.cmaRegion(),
                coherent.mapAndZero(pages.range(), size, dev.coherent()), iovaSize);
        live.add(buffer);
        return new CoherentBuffer(dev.name(), dma, size, buffer.pages(), buffer.cpu());
    }

    /** {@code iommu_dma_free}: unmap the IOVA range, then free the pages. */
    @Override
    public void free(LiveMapping.Coherent buffer) {
        domain.unmap(buffer.dmaAddress(), buffer.iovaSize());
        coherent.free(buffer);
    }

    @Override
    public long maxMappingSize() {
        return Long.MAX_VALUE;
    }

    @Override
    public void teardown(LiveMapping mapping) {
        if (mapping instanceof LiveMapping.Iova i) {
            domain.unmap(i.iova(), i.size());
        } else if (mapping instanceof LiveMapping.Coherent c) {
            free(c);
        }
    }
}
