// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.Scatterlist;

/**
 * The checks of {@code kernel/dma/debug.c}: {@code add_dma_entry}, {@code check_unmap},
 * {@code check_sync} and {@code check_sg_segment}, in the kernel's order, one report per finding.
 * Stateless apart from the table and tracker it is given; thread-safe because they are.
 */
final class DebugChecks {
    private final EntryTable table;
    private final CachelineTracker cachelines;
    private final DebugReports reports;

    DebugChecks(EntryTable table, CachelineTracker cachelines, DebugReports reports) {
        this.table = table;
        this.cachelines = cachelines;
        this.reports = reports;
    }

    /**
     * {@code add_dma_entry}: hash insert, then cacheline tracking. The overflow WARN comes from
     * inside the insert, so it precedes the EEXIST report; EEXIST is not reported for a mapping made
     * with DMA_ATTR_SKIP_CPU_SYNC (rule 99).
     */
    void addDmaEntry(DebugEntry entry, DmaAttrs attrs) {
        table.add(entry);
        int rc = cachelines.insert(entry);
        if (rc > CachelineTracker.MAX_OVERLAP) {
            reports.warn(DmaDebugError.OVERLAP_EXCEEDED, entry.dev, DebugMessages.overlapExceeded(entry.cacheline()));
        }
        if (rc > 0 && !attrs.skipCpuSync()) {
            reports.errPrintk(DmaDebugError.OVERLAP_EEXIST, entry.dev, DebugMessages.overlapEexist());
        }
    }

    /**
     * {@code dma_mapping_error()} as debug.c calls it internally: it runs
     * {@code debug_dma_mapping_error} (marking an unchecked entry at that address checked) and tells
     * whether the address is the error cookie.
     */
    boolean dmaMappingError(DmaDevice dev, long devAddr) {
        table.markChecked(DebugEntry.ref(DebugType.SINGLE, dev, devAddr, 0, DmaDirection.NONE, 0, 0));
        return devAddr == DmaMapping.DMA_MAPPING_ERROR;
    }

    /** {@code check_unmap}: the found entry is removed whatever the mismatches. */
    void checkUnmap(DebugEntry ref) {
        DebugEntry entry = table.takeExact(ref);
        if (entry == null) {
            if (dmaMappingError(ref.dev, ref.devAddr)) {
                reports.errPrintk(DmaDebugError.UNMAP_INVALID_ADDRESS, ref.dev, DebugMessages.freeInvalid());
            } else {
                reports.errPrintk(DmaDebugError.UNMAP_NOT_ALLOCATED, ref.dev, DebugMessages.freeNotAllocated(ref));
            }
            return;
        }
        if (ref.size != entry.size) {
            reports.errPrintk(DmaDebugError.UNMAP_WRONG_SIZE, ref.dev, DebugMessages.freeWrongSize(ref, entry));
        }
        if (ref.type != entry.type) {
            reports.errPrintk(DmaDebugError.UNMAP_WRONG_TYPE, ref.dev, DebugMessages.freeWrongType(ref, entry));
        } else if (entry.type == DebugType.COHERENT && ref.phys() != entry.phys()) {
            reports.errPrintk(DmaDebugError.UNMAP_WRONG_CPU_ADDRESS, ref.dev,
                    DebugMessages.freeWrongCpuAddress(ref, entry));
        }
        if (ref.sgCallEnts != 0 && ref.type == DebugType.SG && ref.sgCallEnts != entry.sgCallEnts) {
            reports.errPrintk(DmaDebugError.UNMAP_WRONG_NENTS, ref.dev, DebugMessages.freeWrongNents(ref, entry));
        }
        if (ref.direction != entry.direction) {
            reports.errPrintk(DmaDebugError.UNMAP_WRONG_DIRECTION, ref.dev,
                    DebugMessages.freeWrongDirection(ref, entry));
        }
        if (entry.mapErrType() == MapErrType.NOT_CHECKED) {
            reports.errPrintk(DmaDebugError.MAP_ERROR_NOT_CHECKED, ref.dev,
                    DebugMessages.mapErrorNotChecked(ref, entry));
        }
        cachelines.remove(entry);
    }

    /**
     * {@code check_sync}: containing match. A sync that runs past the end of its mapping is not
     * contained, so it reports "not allocated"; "outside allocated range" needs a reference whose
     * u64 end wraps (as in the kernel). BIDIRECTIONAL mappings skip every later check.
     */
    void checkSync(DebugEntry ref, boolean toCpu) {
        DebugEntry entry = table.findContaining(ref);
        if (entry == null) {
            reports.errPrintk(DmaDebugError.SYNC_NOT_ALLOCATED, ref.dev, DebugMessages.syncNotAllocated(ref));
            return;
        }
        if (Long.compareUnsigned(ref.size, entry.size) > 0) {
            reports.errPrintk(DmaDebugError.SYNC_OUT_OF_RANGE, ref.dev, DebugMessages.syncOutOfRange(ref, entry));
        }
        if (entry.direction == DmaDirection.BIDIRECTIONAL) {
            return;
        }
        if (ref.direction != entry.direction) {
            reports.errPrintk(DmaDebugError.SYNC_WRONG_DIRECTION, ref.dev,
                    DebugMessages.syncWrongDirection(ref, entry));
        }
        if (toCpu && entry.direction != DmaDirection.FROM_DEVICE && ref.direction != DmaDirection.TO_DEVICE) {
            reports.errPrintk(DmaDebugError.SYNC_DEVICE_READ_ONLY, ref.dev,
                    DebugMessages.syncDeviceReadOnly(ref, entry));
        }
        if (!toCpu && entry.direction != DmaDirection.TO_DEVICE && ref.direction != DmaDirection.FROM_DEVICE) {
            reports.errPrintk(DmaDebugError.SYNC_DEVICE_WRITE_ONLY, ref.dev,
                    DebugMessages.syncDeviceWriteOnly(ref, entry));
        }
        if (ref.sgCallEnts != 0 && ref.type == DebugType.SG && ref.sgCallEnts != entry.sgCallEnts) {
            reports.errPrintk(DmaDebugError.SYNC_WRONG_NENTS, ref.dev, DebugMessages.syncWrongNents(ref, entry));
        }
    }

    /**
     * {@code check_sg_segment} (CONFIG_DMA_API_DEBUG_SG): the CPU length against
     * {@code dma_get_max_seg_size()}, the DMA segment against {@code dma_get_seg_boundary()}.
     */
    void checkSgSegment(DmaDevice dev, Scatterlist sg) {
        if (dev == null) {
            return; // the kernel would dereference dev->dma_parms; nothing sensible to check
        }
        long maxSeg = dev.spec().maxSegmentSize();
        if (sg.length() > maxSeg) {
            reports.errPrintk(DmaDebugError.SG_SEGMENT_TOO_LONG, dev, DebugMessages.segmentTooLong(sg.length(), maxSeg));
        }
        long boundary = dev.spec().segmentBoundaryMask();
        long start = sg.dmaAddress();
        long end = start + sg.dmaLength() - 1;
        if (((start ^ end) & ~boundary) != 0) {
            reports.errPrintk(DmaDebugError.SG_SEGMENT_ACROSS_BOUNDARY, dev,
                    DebugMessages.segmentAcrossBoundary(start, end, boundary));
        }
    }
}
