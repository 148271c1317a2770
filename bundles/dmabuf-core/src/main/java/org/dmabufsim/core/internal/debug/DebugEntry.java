// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;

/**
 * {@code struct dma_debug_entry}: one live mapping, or the reference an unmap or sync looks up.
 * Everything is final except {@link #mapErrType}, which is guarded by the lock of the hash bucket
 * that holds the entry (as the kernel guards it with the bucket spinlock).
 */
final class DebugEntry {
    /** {@code PAGE_SHIFT}. */
    static final int PAGE_SHIFT = 12;
    /** arm64 {@code L1_CACHE_SHIFT}: 64-byte lines. */
    static final int L1_CACHE_SHIFT = 6;
    /** {@code CACHELINE_PER_PAGE_SHIFT}. */
    static final int CACHELINE_PER_PAGE_SHIFT = PAGE_SHIFT - L1_CACHE_SHIFT;

    final DmaDevice dev;
    final DebugType type;
    final long devAddr;
    final long size;
    final DmaDirection direction;
    final int sgCallEnts;
    final int sgMappedEnts;
    final long pfn;
    final long offset;
    private MapErrType mapErrType; // guarded by the holding Bucket's lock

    private DebugEntry(DmaDevice dev, DebugType type, long devAddr, long size, DmaDirection direction,
            int sgCallEnts, int sgMappedEnts, long pfn, long offset, MapErrType mapErrType) {
        this.dev = dev;
        this.type = type;
        this.devAddr = devAddr;
        this.size = size;
        this.direction = direction;
        this.sgCallEnts = sgCallEnts;
        this.sgMappedEnts = sgMappedEnts;
        this.pfn = pfn;
        this.offset = offset;
        this.mapErrType = mapErrType;
    }

    /** {@code debug_dma_map_page}: map_err_type starts as MAP_ERR_NOT_CHECKED. */
    static DebugEntry single(DmaDevice dev, long phys, long size, DmaDirection dir, long devAddr) {
        return new DebugEntry(dev, DebugType.SINGLE, devAddr, size, dir, 0, 0, pfnOf(phys), offsetOf(phys),
                MapErrType.NOT_CHECKED);
    }

    /** One mapped segment of {@code debug_dma_map_sg}: page and offset of the CPU entry at the same index. */
    static DebugEntry sg(DmaDevice dev, long pfn, long offset, long dmaLen, DmaDirection dir, long devAddr,
            int nents, int mappedEnts) {
        return new DebugEntry(dev, DebugType.SG, devAddr, dmaLen, dir, nents, mappedEnts, pfn, offset,
                MapErrType.CHECK_NOT_APPLICABLE);
    }

    /** {@code debug_dma_alloc_coherent}: always DMA_BIDIRECTIONAL. */
    static DebugEntry coherent(DmaDevice dev, long phys, long size, long devAddr) {
        return new DebugEntry(dev, DebugType.COHERENT, devAddr, size, DmaDirection.BIDIRECTIONAL, 0, 0, pfnOf(phys),
                offsetOf(phys), MapErrType.CHECK_NOT_APPLICABLE);
    }

    /** The on-stack {@code struct dma_debug_entry ref} of unmap and sync hooks. */
    static DebugEntry ref(DebugType type, DmaDevice dev, long devAddr, long size, DmaDirection dir,
            int sgCallEnts, long phys) {
        return new DebugEntry(dev, type, devAddr, size, dir, sgCallEnts, 0, pfnOf(phys), offsetOf(phys),
                MapErrType.CHECK_NOT_APPLICABLE);
    }

    private static long pfnOf(long phys) {
        return phys >>> PAGE_SHIFT;
    }

    private static long offsetOf(long phys) {
        return phys & ((1L << PAGE_SHIFT) - 1);
    }

    /** {@code phys_addr(entry)}. */
    long phys() {
        return (pfn << PAGE_SHIFT) + offset;
    }

    /** {@code to_cacheline_number(entry)}: a line number, not an address. */
    long cacheline() {
        return (pfn << CACHELINE_PER_PAGE_SHIFT) + (offset >>> L1_CACHE_SHIFT);
    }

    /** {@code exact_match(ref, this)}. */
    boolean exactMatch(DebugEntry ref) {
        return devAddr == ref.devAddr && dev == ref.dev;
    }

    /** {@code containing_match(ref, this)}: u64 arithmetic, wrapping as the kernel's does. */
    boolean containingMatch(DebugEntry ref) {
        return dev == ref.dev
                && Long.compareUnsigned(devAddr, ref.devAddr) <= 0
                && Long.compareUnsigned(devAddr + size, ref.devAddr + ref.size) >= 0;
    }

    /** The {@code match_lvl} of {@code __hash_bucket_find}: 4 is a perfect fit. */
    int fitLevel(DebugEntry ref) {
        int lvl = 0;
        lvl += size == ref.size ? 1 : 0;
        lvl += type == ref.type ? 1 : 0;
        lvl += direction == ref.direction ? 1 : 0;
        lvl += sgCallEnts == ref.sgCallEnts ? 1 : 0;
        return lvl;
    }

    /** Caller holds the bucket lock. */
    MapErrType mapErrType() {
        return mapErrType;
    }

    /** Caller holds the bucket lock. */
    void setMapErrType(MapErrType value) {
        this.mapErrType = value;
    }

    /** The exported view; caller holds the bucket lock (or owns the removed entry). */
    DmaDebugEntry toApi() {
        return new DmaDebugEntry(DebugMessages.driver(dev), DebugMessages.name(dev), type.kernelName(), devAddr, size,
                phys(), direction, sgCallEnts, sgMappedEnts, mapErrType == MapErrType.CHECKED);
    }
}
