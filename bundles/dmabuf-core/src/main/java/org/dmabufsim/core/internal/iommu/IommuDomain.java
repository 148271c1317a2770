// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IotlbEntry;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * A device's IOMMU domain: IOVA allocator ({@code iova_domain}), LPAE page table, IOTLB and, for a
 * lazy domain, the flush queue; the glue is {@code drivers/iommu/dma-iommu.c}.
 *
 * <p>The DMA mapping layer calls {@link #iovaLimit()}, {@link #allocIova}, {@link #map},
 * {@link #unmap} (which also frees the IOVA: {@code __iommu_dma_unmap}) and, on error paths,
 * {@link #freeIova}. Devices call {@link #translate(long, boolean)}. An identity domain has no table,
 * no allocator and translates every address to itself; {@link #map} on it fails with EINVAL and
 * {@link #unmap} returns 0, as {@code iommu_map}/{@code iommu_unmap} do on a non-paging domain.
 *
 * @ThreadSafe the page table, IOTLB and flush queue are guarded by {@code lock} ({@code domain->lock});
 *     the allocator has its own lock, always taken inside this one
 */
public final class IommuDomain implements IommuDomainView {
    private final Object lock = new Object(); // domain->lock: guards pageTable, iotlb, fq
    private final String device;
    private final IommuSpec spec;
    private final long dmaMask;
    private final long busDmaLimit;
    private final IommuContext ctx;
    private final IoPageTable pageTable;
    private final Iotlb iotlb;
    private final FlushQueue fq; // null unless DMA_FQ
    private final IovaAllocator iovad;
    private final IommuFaults faults;
    private final IotlbHints hints = new IotlbHints(); // written under lock, read without it

    /**
     * @param device {@code dev_name()} of the device, used in fault reports
     * @param spec the IOMMU
     * @param dmaMask {@code *dev->dma_mask}
     * @param busDmaLimit {@code dev->bus_dma_limit}, 0 for none
     */
    public IommuDomain(String device, IommuSpec spec, long dmaMask, long busDmaLimit, IommuContext ctx) {
        this.device = Objects.requireNonNull(device, "device");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.dmaMask = dmaMask;
        this.busDmaLimit = busDmaLimit;
        this.pageTable = new IoPageTable(spec.format(), spec.inputAddressBits(), ctx.stats(), ctx.log());
        this.iotlb = new Iotlb(ctx.iotlbEntries(), ctx.random().stream("iotlb:" + device));
        this.fq = spec.type() == IommuDomainType.DMA_FQ ? new FlushQueue(spec.flushQueueSize()) : null;
        this.iovad = new IovaAllocator(ctx.log());
        this.faults = new IommuFaults(device, ctx);
    }

    /** The domain for a device with an IOMMU ({@code spec.iommu() != null}). */
    public static IommuDomain forDevice(DeviceSpec dev, IommuContext ctx) {
        IommuSpec iommu = Objects.requireNonNull(dev.iommu(), "device has no IOMMU: " + dev.name());
        return new IommuDomain(dev.name(), iommu, dev.dmaMask(), dev.busDmaLimit(), ctx);
    }

    public String device() {
        return device;
    }

    public IommuSpec spec() {
        return spec;
    }

    @Override
    public IommuDomainType type() {
        return spec.type();
    }

    private boolean identity() {
        return spec.type() == IommuDomainType.IDENTITY;
    }

    /** {@code min(min_not_zero(dma_mask, bus_dma_limit), aperture_end)}, compared unsigned. */
    @Override
    public long iovaLimit() {
        long limit = busDmaLimit != 0 && Long.compareUnsigned(busDmaLimit, dmaMask) < 0 ? busDmaLimit : dmaMask;
        long apertureEnd = spec.inputAddressBits() == 64 ? -1L : (1L << spec.inputAddressBits()) - 1;
        return Long.compareUnsigned(limit, apertureEnd) < 0 ? limit : apertureEnd;
    }

    /**
     * {@code iommu_dma_alloc_iova}: an IOVA range of {@code size} bytes (rounded up to the granule,
     * and below 32 granules to a power of two) at or below {@link #iovaLimit()}.
     *
     * @return the IOVA, or 0 when the space is exhausted (the caller returns -ENOMEM)
     * @throws IllegalStateException on an identity domain, which has no IOVA space
     */
    public long allocIova(long size) {
        requirePaging("allocIova");
        synchronized (lock) {
            pollFlushTimer();
            return iovad.allocIova(size, iovaLimit());
        }
    }

    /**
     * {@code iommu_dma_free_iova} without a flush queue: gives an IOVA range back at once, for error
     * paths where nothing was (or is any longer) mapped. {@code size} is what was passed to
     * {@link #allocIova}. Not after {@link #unmap}, which frees (or queues) the IOVA itself.
     */
    public void freeIova(long iova, long size) {
        requirePaging("freeIova");
        iovad.freeIova(iova, size);
    }

    /**
     * {@code iommu_map}: maps {@code [iova, iova + size)} to {@code phys} with the permissions the
     * format can express for {@code prot}.
     *
     * @return bytes mapped: {@code size}, or 0 when {@code prot} has neither READ nor WRITE (nothing is
     *     mapped, as {@code arm_lpae_map} does)
     * @throws ErrnoException EINVAL (unaligned, or an identity domain), ERANGE (beyond the aperture),
     *     EEXIST (over a live leaf); what was mapped before the failure is unmapped again
     */
    public long map(long iova, long phys, long size, IommuProt prot) {
        if (identity()) {
            throw new ErrnoException(Errno.EINVAL, "iommu_map on an identity domain of " + device);
        }
        synchronized (lock) {
            try {
                return pageTable.map(iova, phys, size, prot);
            } catch (ErrnoException e) {
                if (pageTable.rolledBack() > 0) {
                    invalidateRange(iova, size); // iommu_unmap of the partial mapping syncs the IOTLB
                }
                throw e;
            }
        }
    }

    /**
     * {@code __iommu_dma_unmap}: unmaps {@code [iova, iova + size)} (widened to the granule) and frees
     * the IOVA. Strict: the IOTLB range is invalidated and the IOVA freed at once. Lazy: the range
     * goes to the flush queue; the IOTLB keeps stale entries and the IOVA stays allocated until the
     * queue is flushed (full, timer, or {@link #flushQueue()}).
     *
     * @return bytes unmapped; a shortfall is WARNed as the kernel's {@code WARN_ON(unmapped != size)}
     */
    public long unmap(long iova, long size) {
        if (identity()) {
            return 0;
        }
        long off = iova & (IovaAllocator.GRANULE - 1);
        long start = iova - off;
        long len = (size + off + IovaAllocator.GRANULE - 1) & -IovaAllocator.GRANULE;
        synchronized (lock) {
            pollFlushTimer();
            long unmapped = pageTable.unmap(start, len);
            if (unmapped != len) {
                ctx.log().warn(String.format("WARNING: __iommu_dma_unmap: %s: unmapped %#x of %#x bytes at iova %#x",
                        device, unmapped, len, start));
            }
            if (fq == null) {
                if (unmapped > 0) {
                    invalidateRange(start, len);
                }
                iovad.freeIova(start, len);
            } else {
                if (fq.full()) {
                    flushLocked();
                }
                fq.add(new FlushQueue.Entry(start, len), ctx.clock().getAsLong());
            }
            return unmapped;
        }
    }

    /**
     * {@code iommu_unmap} on an error path of the mapping layer ({@code iommu_map_sg}'s
     * {@code out_err}): clears the leaves of {@code [iova, iova + size)} that an earlier {@link #map}
     * of the same failed operation wrote, with one IOTLB invalidation; unlike {@link #unmap} the IOVA
     * stays allocated, for {@link #freeIova}.
     *
     * @return bytes unmapped
     */
    public long unmapRange(long iova, long size) {
        requirePaging("unmapRange");
        synchronized (lock) {
            long unmapped = pageTable.unmap(iova, size);
            if (unmapped > 0) {
                invalidateRange(iova, size);
            }
            return unmapped;
        }
    }

    /**
     * The device path: translates one access through the IOTLB, walking the table on a miss
     * ({@code iotlbMisses}, {@code iotlbMissNs} of device time). A missing entry is a TRANSLATION
     * fault, an entry without the permission a PERMISSION fault; faults are recorded, counted and
     * logged, never thrown.
     */
    public Translation translate(long iova, boolean write) {
        if (identity()) {
            return Translation.ok(iova, iova, iova >= 0 ? Long.MAX_VALUE - iova : Long.MAX_VALUE);
        }
        synchronized (lock) {
            pollFlushTimer();
            IotlbEntry e = iotlb.lookup(iova);
            if (e == null) {
                ctx.stats().iotlbMisses.increment();
                ctx.stats().chargeDevice(ctx.stats().costs().iotlbMissNs());
                e = pageTable.walkOrNull(iova);
                if (e == null) {
                    return Translation.faulted(faults.report(iova, write, IommuFault.Reason.TRANSLATION));
                }
                iotlb.insert(e);
            }
            if (!permits(e, write)) {
                return Translation.faulted(faults.report(iova, write, IommuFault.Reason.PERMISSION));
            }
            long off = iova - e.iova();
            return Translation.ok(iova, e.translatedAddr() + off, e.addrMask() + 1 - off);
        }
    }

    /**
     * The device path's common case without a {@link Translation}: the physical address of
     * {@code iova} when the IOTLB holds, or a walk finds, a translation that permits the access (a
     * miss is counted and cached as in {@link #translate(long, boolean)}); otherwise -1 and nothing
     * is counted, cached or reported, so the caller takes the full path (whose repeated lookup and
     * walk have no side effect). Identity domains always answer -1. A strict domain
     * answers from {@link IotlbHints} without its lock when the IOTLB has not changed since.
     */
    public long translateHit(long iova, boolean write) {
        if (identity()) {
            return -1;
        }
        if (fq == null) { // strict: no flush timer to poll, so a valid hint answers without the lock
            IotlbEntry h = hints.find(iova, iotlb.generation());
            if (h != null && permits(h, write)) {
                return h.translatedAddr() + (iova - h.iova());
            }
        }
        synchronized (lock) {
            pollFlushTimer();
            IotlbEntry e = iotlb.lookup(iova);
            if (e == null) {
                long phys = pageTable.walkPage(iova, write); // the common case: a page that permits the access
                if (phys >= 0) {
                    ctx.stats().iotlbMisses.increment();
                    ctx.stats().chargeDevice(ctx.stats().costs().iotlbMissNs());
                    iotlb.insertPage(pageTable.walkedPage(), iova & -IoPageTable.SZ_4K);
                    return phys;
                }
                e = pageTable.walkOrNull(iova); // a walk has no side effect: on a fault the full path walks again
                if (e == null || !permits(e, write)) {
                    return -1;
                }
                ctx.stats().iotlbMisses.increment();
                ctx.stats().chargeDevice(ctx.stats().costs().iotlbMissNs());
                iotlb.insert(e);
            } else if (!permits(e, write)) {
                return -1;
            } else if (fq == null && !iotlb.shadowed(e)) {
                hints.remember(iova, iotlb.generation(), e);
            }
            return e.translatedAddr() + (iova - e.iova());
        }
    }

    private static boolean permits(IotlbEntry e, boolean write) {
        return write ? e.perm().canWrite() : e.perm().canRead();
    }

    @Override
    public Optional<IotlbEntry> translate(long iova) {
        if (identity()) {
            long page = iova & -IoPageTable.SZ_4K;
            return Optional.of(new IotlbEntry(page, page, IoPageTable.SZ_4K - 1, IommuPerm.RW));
        }
        synchronized (lock) {
            return pageTable.walk(iova);
        }
    }

    @Override
    public List<IommuMapping> mappings() {
        synchronized (lock) {
            return List.copyOf(pageTable.mappings());
        }
    }

    @Override
    public List<IovaRange> iovaRanges() {
        if (identity()) {
            return List.of();
        }
        synchronized (lock) {
            Set<Long> queued = fq == null ? Set.of() : fq.starts();
            List<IovaRange> out = new ArrayList<>();
            for (IovaRange r : iovad.ranges()) {
                out.add(queued.contains(r.start()) ? new IovaRange(r.start(), r.end(), true) : r);
            }
            return List.copyOf(out);
        }
    }

    @Override
    public long mappedPages() {
        synchronized (lock) {
            return pageTable.mappedPages();
        }
    }

    @Override
    public List<IommuFault> faults() {
        return faults.snapshot();
    }

    @Override
    public void flushQueue() {
        if (fq == null) {
            return;
        }
        synchronized (lock) {
            if (!fq.isEmpty()) {
                flushLocked();
            }
        }
    }

    /** Ranges waiting in the flush queue (0 unless lazy). */
    public int queuedRanges() {
        synchronized (lock) {
            return fq == null ? 0 : fq.size();
        }
    }

    /** Translations cached in the IOTLB. */
    public int iotlbSize() {
        synchronized (lock) {
            return iotlb.size();
        }
    }

    /** The IOVA allocator (for the mapping layer's diagnostics and tests). */
    public IovaAllocator iovaAllocator() {
        return iovad;
    }

    private void requirePaging(String op) {
        if (identity()) {
            throw new IllegalStateException(op + ": identity domain of " + device + " has no IOVA space");
        }
    }

    /** Strict invalidation of a range: one {@code iommu_iotlb_sync}. Caller holds {@code lock}. */
    private void invalidateRange(long iova, long size) {
        iotlb.invalidateRange(iova, size);
        ctx.stats().iotlbInvalidations.increment();
        ctx.stats().chargeCpu(ctx.stats().costs().iotlbSyncNs());
    }

    /** {@code fq_flush_timeout} fires lazily, at the next operation on the domain. */
    private void pollFlushTimer() {
        if (fq != null && fq.timerExpired(ctx.clock().getAsLong())) {
            flushLocked();
        }
    }

    /** {@code iova_domain_flush} + {@code fq_ring_free}: one invalidate-all, then the IOVAs are freed. */
    private void flushLocked() {
        iotlb.invalidateAll();
        ctx.stats().iotlbInvalidations.increment();
        ctx.stats().chargeCpu(ctx.stats().costs().iotlbSyncNs());
        for (FlushQueue.Entry e : fq.drain()) {
            iovad.freeIova(e.iova(), e.size());
        }
    }
}
