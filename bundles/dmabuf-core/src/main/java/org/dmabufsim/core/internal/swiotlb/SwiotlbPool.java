// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.swiotlb;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.Ratelimit;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.KernelBug;

/**
 * The swiotlb bounce pool ({@code kernel/dma/swiotlb.c}, one {@code io_tlb_pool} with one area) over
 * the SWIOTLB reserved region: slots of {@link #IO_TLB_SIZE} bytes grouped in segments of
 * {@link #IO_TLB_SEGSIZE} slots that no mapping crosses, so one mapping is at most 256 KiB (rule 85).
 * Free space is tracked the kernel's way ({@code io_tlb_slot.list}: free slots from here to the end
 * of the segment) and searched from a rotating index ({@code area->index}).
 *
 * <p>The pool only manages slots: the mapping layer copies data (through the CPU cache) using
 * {@link #origAddr}. The "swiotlb buffer is full" warning is ratelimited as
 * {@code dev_warn_ratelimited} is (10 per 5 s of modelled time).
 *
 * @ThreadSafe all slot state is guarded by {@code lock} ({@code area->lock})
 */
public final class SwiotlbPool {
    /** {@code IO_TLB_SHIFT}. */
    public static final int IO_TLB_SHIFT = 11;
    /** {@code IO_TLB_SIZE}: 2 KiB slots. */
    public static final long IO_TLB_SIZE = 1L << IO_TLB_SHIFT;
    /** {@code IO_TLB_SEGSIZE}: slots per segment. */
    public static final int IO_TLB_SEGSIZE = 128;
    /** {@code INVALID_PHYS_ADDR}. */
    public static final long INVALID_PHYS_ADDR = -1L;
    /** The failure return, as {@code (phys_addr_t)DMA_MAPPING_ERROR}. */
    public static final long MAPPING_ERROR = -1L;
    private static final long PAGE_SIZE = 4096;

    private final Object lock = new Object(); // area->lock: guards the slot arrays, heads, index, used
    private final long start;
    private final int nslabs;
    private final int[] list;
    private final long[] origAddr;
    private final long[] allocSize;
    private final int[] padSlots;
    private final int[] offsetLow; // tlb_addr & (IO_TLB_SIZE - 1) of the slot's mapping
    private final BitSet heads = new BitSet(); // first data slot of each live mapping
    private final KernelLogImpl log;
    private final Ratelimit fullRatelimit;
    private boolean invalidSizesWarned; // dev_warn_once
    private int index;
    private int used;

    /**
     * {@code swiotlb_init_io_tlb_pool} over {@code region}; the slot count is rounded down to whole
     * segments, as the kernel aligns {@code nslabs} to {@code IO_TLB_SEGSIZE}.
     */
    public SwiotlbPool(ReservedRegion region, KernelLogImpl log, LongSupplier clock) {
        Objects.requireNonNull(region, "region");
        if (region.kind() != RegionKind.SWIOTLB) {
            throw new IllegalArgumentException("not a swiotlb region: " + region.name());
        }
        long slabs = (region.size() >>> IO_TLB_SHIFT) / IO_TLB_SEGSIZE * IO_TLB_SEGSIZE;
        if (slabs == 0 || slabs > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("bad swiotlb size " + region.size());
        }
        this.start = region.base();
        this.nslabs = (int) slabs;
        this.log = Objects.requireNonNull(log, "log");
        this.fullRatelimit = Ratelimit.defaults("swiotlb_tbl_map_single", clock, log);
        this.list = new int[nslabs];
        this.origAddr = new long[nslabs];
        this.allocSize = new long[nslabs];
        this.padSlots = new int[nslabs];
        this.offsetLow = new int[nslabs];
        for (int i = 0; i < nslabs; i++) {
            list[i] = IO_TLB_SEGSIZE - ioTlbOffset(i);
        }
        Arrays.fill(origAddr, INVALID_PHYS_ADDR);
    }

    /** {@code swiotlb_max_mapping_size} for a device without a min-align mask: 256 KiB. */
    public static long maxMappingSize() {
        return maxMappingSize(0);
    }

    /** {@code swiotlb_max_mapping_size}: 256 KiB minus the min-align padding. */
    public static long maxMappingSize(long minAlignMask) {
        long minAlign = minAlignMask == 0 ? 0 : (minAlignMask + IO_TLB_SIZE - 1) / IO_TLB_SIZE * IO_TLB_SIZE;
        return IO_TLB_SIZE * IO_TLB_SEGSIZE - minAlign;
    }

    /**
     * {@code swiotlb_tbl_map_single} for an anonymous device with the given min-align mask and no
     * allocation alignment.
     */
    public long mapSingle(long origPhys, long mappingSize, long allocSize, long minAlignMask) {
        return mapSingle(SwiotlbDevice.ANONYMOUS.withMinAlignMask(minAlignMask), origPhys, mappingSize, allocSize, 0);
    }

    /**
     * {@code swiotlb_tbl_map_single}: finds slots for {@code allocSize} bytes that keep
     * {@code origPhys & minAlignMask} (allocations of a page or more with no alignment requirement
     * are page aligned) and records {@code io_tlb_orig_addr}/{@code alloc_size} for each.
     *
     * @param allocAlignMask alignment the allocation needs ({@code iova_mask} on the iommu-dma path), or 0
     * @return the bounce buffer's physical address, or {@link #MAPPING_ERROR} when
     *     {@code mappingSize > allocSize} (warned once) or no slots fit ("swiotlb buffer is full")
     * @throws KernelBug for an empty allocation ({@code BUG_ON(!nslots)})
     */
    public long mapSingle(SwiotlbDevice dev, long origPhys, long mappingSize, long allocSize, long allocAlignMask) {
        Objects.requireNonNull(dev, "dev");
        if (mappingSize > allocSize) {
            warnInvalidSizes(dev, mappingSize, allocSize);
            return MAPPING_ERROR;
        }
        long offset = origPhys & dev.minAlignMask() & (allocAlignMask | (IO_TLB_SIZE - 1));
        long usedNow;
        synchronized (lock) {
            int slot = findSlots(dev, origPhys, allocSize + offset, allocAlignMask);
            if (slot >= 0) {
                return record(slot, origPhys, allocSize, offset);
            }
            usedNow = used;
        }
        if (fullRatelimit.allow()) {
            log.warn(dev.prefix() + "swiotlb buffer is full (sz: " + allocSize + " bytes), total " + nslabs
                    + " (slots), used " + usedNow + " (slots)");
        }
        return MAPPING_ERROR;
    }

    /**
     * {@code swiotlb_release_slots}: gives back the mapping that {@link #mapSingle} returned as
     * {@code tlbPhys}. {@code mappingSize} is what the caller copies back before (the pool does not
     * copy) and must be positive.
     *
     * @throws KernelBug if {@code tlbPhys} is not the address of a live mapping
     */
    public void release(long tlbPhys, long mappingSize) {
        if (mappingSize <= 0) {
            throw new IllegalArgumentException("mapping size " + mappingSize);
        }
        synchronized (lock) {
            int slot = slotOf(tlbPhys);
            if (slot < 0 || !heads.get(slot) || (tlbPhys & (IO_TLB_SIZE - 1)) != offsetLow[slot]) {
                String msg = String.format("swiotlb: release of unmapped bounce buffer %#x", tlbPhys);
                log.bug(msg);
                throw new KernelBug(msg);
            }
            heads.clear(slot);
            releaseSlots(slot - padSlots[slot], (int) nrSlots(allocSize[slot - padSlots[slot]] + offsetLow[slot]));
        }
    }

    /**
     * What {@code swiotlb_bounce} copies to or from: the original address of the byte at
     * {@code tlbPhys}, or {@link #INVALID_PHYS_ADDR} if that byte is not part of a live mapping.
     */
    public long origAddr(long tlbPhys) {
        synchronized (lock) {
            int slot = slotOf(tlbPhys);
            if (slot < 0 || origAddr[slot] == INVALID_PHYS_ADDR) {
                return INVALID_PHYS_ADDR;
            }
            long tlbOffset = tlbOffset(slot, tlbPhys);
            return tlbOffset == Long.MIN_VALUE || tlbOffset >= allocSize[slot] ? INVALID_PHYS_ADDR
                    : origAddr[slot] + tlbOffset;
        }
    }

    /** Bytes of the live mapping from {@code tlbPhys} to its end (its {@code alloc_size}), or 0. */
    public long allocSize(long tlbPhys) {
        synchronized (lock) {
            int slot = slotOf(tlbPhys);
            if (slot < 0 || origAddr[slot] == INVALID_PHYS_ADDR) {
                return 0;
            }
            long tlbOffset = tlbOffset(slot, tlbPhys);
            return tlbOffset == Long.MIN_VALUE ? 0 : Math.max(0, allocSize[slot] - tlbOffset);
        }
    }

    /** {@code is_swiotlb_buffer}: whether {@code phys} lies in the pool. */
    public boolean contains(long phys) {
        return phys >= start && phys < end();
    }

    public long start() {
        return start;
    }

    public long end() {
        return start + ((long) nslabs << IO_TLB_SHIFT);
    }

    /** {@code mem_used()}. */
    public long usedSlots() {
        synchronized (lock) {
            return used;
        }
    }

    /** {@code mem->nslabs}. */
    public long totalSlots() {
        return nslabs;
    }

    /** Live mappings. */
    public int mappings() {
        synchronized (lock) {
            return heads.cardinality();
        }
    }

    /**
     * {@code swiotlb_bounce}'s {@code tlb_offset}: the byte's offset from the original address the
     * slot records. It is negative within the first {@code offset} bytes of the second and later
     * slots of a mapping, which is valid; before the start of the first slot it is not
     * ({@link Long#MIN_VALUE}).
     */
    private long tlbOffset(int slot, long tlbPhys) {
        long off = (tlbPhys & (IO_TLB_SIZE - 1)) - offsetLow[slot];
        return off < 0 && heads.get(slot) ? Long.MIN_VALUE : off;
    }

    private void warnInvalidSizes(SwiotlbDevice dev, long mappingSize, long allocSize) {
        synchronized (lock) {
            if (invalidSizesWarned) {
                return;
            }
            invalidSizesWarned = true;
        }
        log.warn(dev.prefix() + "Invalid sizes (mapping: " + mappingSize + " bytes, alloc: " + allocSize + " bytes)");
    }

    /** {@code swiotlb_search_pool_area} over the single area. Caller holds {@code lock}. */
    private int findSlots(SwiotlbDevice dev, long orig, long size, long allocAlignMask) {
        long boundaryMask = dev.segmentBoundaryMask();
        long tblDmaAddr = (start - dev.dmaOffset()) & boundaryMask;
        long maxSlots = getMaxSlots(boundaryMask);
        long iotlbAlignMask = dev.minAlignMask();
        long nslots = nrSlots(size);
        if (nslots == 0) {
            log.bug("BUG_ON(!nslots)");
            throw new KernelBug("BUG_ON(!nslots)");
        }
        long alignMask = allocAlignMask;
        if (alignMask == 0 && iotlbAlignMask == 0 && size >= PAGE_SIZE) {
            alignMask = PAGE_SIZE - 1; // historically, allocations >= PAGE_SIZE are page aligned
        }
        alignMask |= IO_TLB_SIZE - 1;
        iotlbAlignMask &= ~alignMask;
        long stride = getMaxSlots(Math.max(alignMask, iotlbAlignMask));
        if (nslots > nslabs - used) {
            return -1;
        }
        long idx = index;
        for (long checked = 0; checked < nslabs;) {
            long tlbAddr = tblDmaAddr + (idx << IO_TLB_SHIFT);
            if ((tlbAddr & alignMask) != 0 || (orig != 0 && (tlbAddr & iotlbAlignMask) != (orig & iotlbAlignMask))) {
                idx = wrap(idx + 1);
                checked++;
                continue;
            }
            if (!isSpanBoundary(idx, nslots, nrSlots(tblDmaAddr), maxSlots) && list[(int) idx] >= nslots) {
                allocate((int) idx, (int) nslots, size, orig & dev.minAlignMask() & (IO_TLB_SIZE - 1));
                return (int) idx;
            }
            idx = wrap(idx + stride);
            checked += stride;
        }
        return -1;
    }

    /** The {@code found:} branch: mark the slots used and fix the free counts below them. */
    private void allocate(int slot, int nslots, long size, long offset) {
        for (int i = slot; i < slot + nslots; i++) {
            list[i] = 0;
            allocSize[i] = size - (offset + ((long) (i - slot) << IO_TLB_SHIFT));
        }
        int count = 0;
        for (int i = slot - 1; i >= 0 && ioTlbOffset(i) != IO_TLB_SEGSIZE - 1 && list[i] != 0; i--) {
            list[i] = ++count;
        }
        index = (int) wrap((long) slot + nslots);
        used += nslots;
    }

    /** Records the mapping after the padding slots; returns its bounce address. */
    private long record(int slot, long orig, long size, long offset) {
        int pad = (int) (offset >>> IO_TLB_SHIFT);
        int low = (int) (offset & (IO_TLB_SIZE - 1));
        int head = slot + pad;
        padSlots[head] = pad;
        heads.set(head);
        long n = nrSlots(size + low);
        for (int i = 0; i < n; i++) {
            origAddr[head + i] = orig + ((long) i << IO_TLB_SHIFT);
            offsetLow[head + i] = low;
        }
        return start + ((long) head << IO_TLB_SHIFT) + low;
    }

    /** Steps 1 and 2 of {@code swiotlb_release_slots}: merge with the free slots above and below. */
    private void releaseSlots(int slot, int nslots) {
        int count = slot + nslots < align(slot + 1) ? list[slot + nslots] : 0;
        for (int i = slot + nslots - 1; i >= slot; i--) {
            list[i] = ++count;
            origAddr[i] = INVALID_PHYS_ADDR;
            allocSize[i] = 0;
            padSlots[i] = 0;
            offsetLow[i] = 0;
        }
        for (int i = slot - 1; i >= 0 && ioTlbOffset(i) != IO_TLB_SEGSIZE - 1 && list[i] != 0; i--) {
            list[i] = ++count;
        }
        used -= nslots;
    }

    private int slotOf(long phys) {
        return contains(phys) ? (int) ((phys - start) >>> IO_TLB_SHIFT) : -1;
    }

    private long wrap(long idx) {
        return idx >= nslabs ? 0 : idx;
    }

    private static int ioTlbOffset(int i) {
        return i & (IO_TLB_SEGSIZE - 1);
    }

    private static int align(int i) {
        return (i + IO_TLB_SEGSIZE - 1) / IO_TLB_SEGSIZE * IO_TLB_SEGSIZE;
    }

    /** {@code nr_slots}: slots covering {@code val} bytes. */
    static long nrSlots(long val) {
        return (val + IO_TLB_SIZE - 1) >>> IO_TLB_SHIFT;
    }

    /** {@code get_max_slots}, without overflow for {@code ULONG_MAX}. */
    static long getMaxSlots(long boundaryMask) {
        return (boundaryMask >>> IO_TLB_SHIFT) + 1;
    }

    /** {@code iommu_is_span_boundary}. */
    static boolean isSpanBoundary(long index, long nr, long shift, long boundarySize) {
        long s = (shift + index) & (boundarySize - 1);
        return s + nr > boundarySize;
    }
}
