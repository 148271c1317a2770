// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebug;
import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;

/**
 * CONFIG_DMA_API_DEBUG ({@code kernel/dma/debug.c}, recent v6.x copy), always on. The DMA mapping
 * layer calls the hooks after doing the real work (unmap hooks before the sg DMA fields are
 * cleared, as {@code dma_unmap_sg_attrs} calls {@code debug_dma_unmap_sg} first); misuse becomes a
 * {@link DmaDebugReport} plus a WARN in the kernel log, never an exception.
 *
 * <p>Reporting: the kernel counts every error in {@code error_count} but prints only the first
 * {@code num_errors} (default 1) unless {@code all_errors} is set. The simulation records and
 * counts all of them, as with {@code all_errors=1} ({@code showAllErrors}), and has no
 * {@code driver_filter}. The overlap overflow is a {@code WARN_ONCE} outside {@code err_printk}: it
 * is reported and counted in its class, but not in {@link #errorCount()}.
 *
 * <p>Version notes (from an older 5.x copy also read): there the EEXIST overlap was a bare
 * {@code pr_err} (no device prefix, not counted, reported even with SKIP_CPU_SYNC); the dump line
 * printed {@code dev_name} before the driver and had no {@code cln=}; the containing lookup of syncs
 * stopped after {@code dma_get_max_seg_size()} bytes. Before the {@code pr_fmt} conversion the
 * prefix came after the device ({@code "<driver> <device>: DMA-API: ..."}). This class follows the
 * recent behaviour.
 *
 * <p>Not modelled: the stack, kernel text/rodata, vmalloc and invalid-area checks (the simulation
 * has no kernel virtual addresses), {@code dma_map_resource}, the entry pool and its debugfs
 * counters, and disabling on pool exhaustion.
 *
 * <p>Locking: the entry table has one lock per hash bucket, the cacheline tracker its own striped
 * lock ({@code radix_lock}), the report list its own. At most one of them is held at a time, and
 * reports are made after the bucket lock is released.
 *
 * @ThreadSafe
 */
public final class DmaDebugImpl implements DmaDebug {
    private final EntryTable table = new EntryTable();
    private final CachelineTracker cachelines = new CachelineTracker();
    private final DebugReports reports;
    private final DebugChecks checks;

    /**
     * @param log the simulation's dmesg; every report is also a WARN there
     * @param clock the modelled clock stamped on reports
     */
    public DmaDebugImpl(KernelLogImpl log, LongSupplier clock) {
        this.reports = new DebugReports(Objects.requireNonNull(log, "log"), Objects.requireNonNull(clock, "clock"));
        this.checks = new DebugChecks(table, cachelines, reports);
    }

    /**
     * {@code debug_dma_map_page} (also map_single): records a "single" entry, map error not checked
     * yet. A {@link DmaMapping#DMA_MAPPING_ERROR} address is not recorded.
     */
    public void mapPage(DmaDevice dev, long phys, long size, DmaDirection dir, long dmaAddr, DmaAttrs attrs) {
        Objects.requireNonNull(dir, "dir");
        if (checks.dmaMappingError(dev, dmaAddr)) {
            return;
        }
        checks.addDmaEntry(DebugEntry.single(dev, phys, size, dir, dmaAddr), orNone(attrs));
    }

    /** {@code debug_dma_mapping_error}: the first unchecked entry at that address becomes checked. */
    public void mappingError(DmaDevice dev, long dmaAddr) {
        checks.dmaMappingError(dev, dmaAddr);
    }

    /** {@code debug_dma_unmap_page} (also unmap_single). */
    public void unmapPage(DmaDevice dev, long dmaAddr, long size, DmaDirection dir) {
        Objects.requireNonNull(dir, "dir");
        checks.checkUnmap(DebugEntry.ref(DebugType.SINGLE, dev, dmaAddr, size, dir, 0, 0));
    }

    /**
     * {@code debug_dma_map_sg}: one "scather-gather" entry per mapped DMA segment
     * {@code i < mappedEnts}, with the DMA address and length of entry {@code i} and the page of the
     * CPU entry {@code i} (after an IOMMU merge that is not the segment's page: as the kernel).
     * Each segment is checked against the device's max segment size and boundary first.
     */
    public void mapSg(DmaDevice dev, SgTable sgt, int nents, int mappedEnts, DmaDirection dir, DmaAttrs attrs) {
        Objects.requireNonNull(sgt, "sgt");
        Objects.requireNonNull(dir, "dir");
        int count = Math.min(mappedEnts, sgt.origNents());
        for (int i = 0; i < count; i++) {
            Scatterlist s = sgt.get(i);
            DebugEntry entry = DebugEntry.sg(dev, s.pfn(), s.offset(), s.dmaLength(), dir, s.dmaAddress(), nents,
                    mappedEnts);
            checks.checkSgSegment(dev, s);
            checks.addDmaEntry(entry, orNone(attrs));
        }
    }

    /**
     * {@code debug_dma_unmap_sg}: checks entry by entry; the mapped count comes from the entry found
     * for the first one (if none is found, all {@code nents} entries are checked).
     */
    public void unmapSg(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir) {
        Objects.requireNonNull(sgt, "sgt");
        Objects.requireNonNull(dir, "dir");
        int mappedEnts = 0;
        int count = Math.min(nents, sgt.origNents());
        for (int i = 0; i < count; i++) {
            DebugEntry ref = sgRef(dev, sgt.get(i), dir, nents);
            if (mappedEnts != 0 && i >= mappedEnts) {
                break;
            }
            if (i == 0) {
                mappedEnts = table.mappedEnts(ref);
            }
            checks.checkUnmap(ref);
        }
    }

    /** {@code debug_dma_alloc_coherent} after a successful allocation: a BIDIRECTIONAL "coherent" entry. */
    public void allocCoherent(DmaDevice dev, long size, long dmaAddr, long phys) {
        checks.addDmaEntry(DebugEntry.coherent(dev, phys, size, dmaAddr), DmaAttrs.NONE);
    }

    /** {@code debug_dma_free_coherent}: also checks the CPU address against the allocation. */
    public void freeCoherent(DmaDevice dev, long size, long dmaAddr, long phys) {
        checks.checkUnmap(DebugEntry.ref(DebugType.COHERENT, dev, dmaAddr, size, DmaDirection.BIDIRECTIONAL, 0,
                phys));
    }

    /** {@code debug_dma_sync_single_for_cpu}; range syncs pass {@code dmaAddr + offset}. */
    public void syncSingleForCpu(DmaDevice dev, long dmaAddr, long size, DmaDirection dir) {
        syncSingle(dev, dmaAddr, size, dir, true);
    }

    /** {@code debug_dma_sync_single_for_device}; range syncs pass {@code dmaAddr + offset}. */
    public void syncSingleForDevice(DmaDevice dev, long dmaAddr, long size, DmaDirection dir) {
        syncSingle(dev, dmaAddr, size, dir, false);
    }

    /**
     * {@code debug_dma_sync_sg_for_cpu}: only the first {@code sg_mapped_ents} entries are checked,
     * taken from the entry found for the first one; if none is found nothing is checked or reported
     * (so syncing a never-mapped table is silent, as in the kernel).
     */
    public void syncSgForCpu(DmaDevice dev, SgTable sgt, int nelems, DmaDirection dir) {
        syncSg(dev, sgt, nelems, dir, true);
    }

    /** {@code debug_dma_sync_sg_for_device}; see {@link #syncSgForCpu}. */
    public void syncSgForDevice(DmaDevice dev, SgTable sgt, int nelems, DmaDirection dir) {
        syncSg(dev, sgt, nelems, dir, false);
    }

    /**
     * {@code dma_debug_device_change(BUS_NOTIFY_UNBOUND_DRIVER)}: if the device still has entries,
     * one report with their count and the last one in table order. The entries stay; see
     * {@link #forget}.
     *
     * @return the number of live entries of the device
     */
    public int deviceUnbind(DmaDevice dev) {
        int[] count = {0};
        DebugEntry[] last = {null};
        table.forEach((idx, entry) -> {
            if (entry.dev == dev) {
                count[0]++;
                last[0] = entry;
            }
        });
        if (count[0] > 0) {
            reports.errPrintk(DmaDebugError.LEAK_AT_UNBIND, dev, DebugMessages.pendingAtUnbind(count[0], last[0]));
        }
        return count[0];
    }

    /**
     * Drops every entry of the device and its cacheline tracking without any report: the core calls
     * it after {@link #deviceUnbind} and then tears the mappings down without the unmap hooks.
     */
    public void forget(DmaDevice dev) {
        for (DebugEntry entry : table.removeDevice(dev)) {
            cachelines.remove(entry);
        }
    }

    /** The overlap count of an active cacheline number, -1 if not active (for tests and tools). */
    public int cachelineOverlap(long cacheline) {
        return cachelines.overlap(cacheline);
    }

    @Override
    public long errorCount() {
        return reports.errorCount();
    }

    @Override
    public long errorCount(DmaDebugError error) {
        return reports.errorCount(Objects.requireNonNull(error, "error"));
    }

    @Override
    public Map<DmaDebugError, Long> errorCounts() {
        return reports.errorCounts();
    }

    @Override
    public List<DmaDebugReport> reports() {
        return reports.reports();
    }

    @Override
    public List<DmaDebugReport> reports(String device) {
        return reports.reports(device);
    }

    @Override
    public List<DmaDebugEntry> entries() {
        List<DmaDebugEntry> list = new ArrayList<>();
        table.forEach((idx, entry) -> list.add(entry.toApi()));
        return List.copyOf(list);
    }

    @Override
    public List<DmaDebugEntry> entries(String device) {
        return entries().stream().filter(e -> e.device().equals(device)).toList();
    }

    @Override
    public String dump() {
        StringBuilder out = new StringBuilder();
        table.forEach((idx, entry) -> out.append(DebugMessages.dumpLine(idx, entry)));
        return out.toString();
    }

    private void syncSingle(DmaDevice dev, long dmaAddr, long size, DmaDirection dir, boolean toCpu) {
        Objects.requireNonNull(dir, "dir");
        checks.checkSync(DebugEntry.ref(DebugType.SINGLE, dev, dmaAddr, size, dir, 0, 0), toCpu);
    }

    private void syncSg(DmaDevice dev, SgTable sgt, int nelems, DmaDirection dir, boolean toCpu) {
        Objects.requireNonNull(sgt, "sgt");
        Objects.requireNonNull(dir, "dir");
        int mappedEnts = 0;
        int count = Math.min(nelems, sgt.origNents());
        for (int i = 0; i < count; i++) {
            DebugEntry ref = sgRef(dev, sgt.get(i), dir, nelems);
            if (i == 0) {
                mappedEnts = table.mappedEnts(ref);
            }
            if (i >= mappedEnts) {
                break;
            }
            checks.checkSync(ref, toCpu);
        }
    }

    private static DebugEntry sgRef(DmaDevice dev, Scatterlist s, DmaDirection dir, int nelems) {
        return DebugEntry.ref(DebugType.SG, dev, s.dmaAddress(), s.dmaLength(), dir, nelems, s.phys());
    }

    private static DmaAttrs orNone(DmaAttrs attrs) {
        return attrs == null ? DmaAttrs.NONE : attrs;
    }
}
