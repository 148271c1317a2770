// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.dmabufsim.core.internal.debug.DmaDebugImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelBug;

/**
 * The DMA mapping API ({@code kernel/dma/mapping.c}): checks the device and the direction, counts
 * the call, dispatches to the device's {@link DmaOps} and calls dma-debug in the kernel's order:
 * map, sync and alloc hooks after the work (map hooks see the result), {@code unmap_sg} and
 * {@code free} hooks before it, {@code unmap_page} after it.
 *
 * <p>Stateless: thread-safe as its parts are.
 */
public final class DmaMappingImpl implements DmaMapping {
    private static final String BAD_DIRECTION = "BUG_ON(!valid_dma_direction(dir))";

    private final DmaContext ctx;
    private final Stats stats;
    private final DmaDebugImpl debug;

    public DmaMappingImpl(DmaContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.stats = ctx.stats();
        this.debug = ctx.debug();
    }

    @Override
    public int mapSg(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        int ents = mapSgAttrs(dev, sgt, nents, dir, attrs);
        return Math.max(ents, 0);
    }

    /** {@code __dma_map_sg_attrs}: the segment count or a negative errno. */
    private int mapSgAttrs(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        DeviceImpl d = device(dev);
        checkTable(sgt, nents);
        checkDirection(dir);
        stats.dmaMapCalls.increment();
        int ents = d.ops().mapSg(sgt, nents, dir, orNone(attrs));
        if (ents > 0) {
            debug.mapSg(dev, sgt, nents, ents, dir, orNone(attrs));
        }
        return ents;
    }

    @Override
    public void unmapSg(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir, DmaAttrs attrs) {
        DeviceImpl d = device(dev);
        checkTable(sgt, nents);
        checkDirection(dir);
        stats.dmaUnmapCalls.increment();
        debug.unmapSg(dev, sgt, nents, dir);
        d.ops().unmapSg(sgt, nents, dir, orNone(attrs));
    }

    /** {@code dma_map_sgtable}: -EINVAL, -ENOMEM or -EIO become the exception; {@code nents} is set. */
    @Override
    public void mapSgtable(DmaDevice dev, SgTable sgt, DmaDirection dir, DmaAttrs attrs) {
        SgTableImpl table = own(sgt);
        int ents = mapSgAttrs(dev, table, table.origNents(), dir, attrs);
        if (ents < 0) {
            Errno errno = Arrays.stream(Errno.values()).filter(e -> e.negative() == ents).findFirst()
                    .orElse(Errno.EIO);
            throw new ErrnoException(errno, "dma_map_sgtable: " + dev.name() + ": mapping " + table.origNents()
                    + " entries failed");
        }
        table.setNents(ents);
    }

    @Override
    public void unmapSgtable(DmaDevice dev, SgTable sgt, DmaDirection dir, DmaAttrs attrs) {
        unmapSg(dev, sgt, sgt.origNents(), dir, attrs);
    }

    @Override
    public void syncSgForCpu(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir) {
        DeviceImpl d = syncCall(dev, dir);
        checkTable(sgt, nents);
        d.ops().syncSgForCpu(sgt, nents, dir);
        debug.syncSgForCpu(dev, sgt, nents, dir);
    }

    @Override
    public void syncSgForDevice(DmaDevice dev, SgTable sgt, int nents, DmaDirection dir) {
        DeviceImpl d = syncCall(dev, dir);
        checkTable(sgt, nents);
        d.ops().syncSgForDevice(sgt, nents, dir);
        debug.syncSgForDevice(dev, sgt, nents, dir);
    }

    @Override
    public void syncSgtableForCpu(DmaDevice dev, SgTable sgt, DmaDirection dir) {
        syncSgForCpu(dev, sgt, sgt.origNents(), dir);
    }

    @Override
    public void syncSgtableForDevice(DmaDevice dev, SgTable sgt, DmaDirection dir) {
        syncSgForDevice(dev, sgt, sgt.origNents(), dir);
    }

    @Override
    public long mapPage(DmaDevice dev, long pfn, long offset, long size, DmaDirection dir, DmaAttrs attrs) {
        DeviceImpl d = device(dev);
        checkSize(size);
        checkDirection(dir);
        stats.dmaMapCalls.increment();
        long phys = (pfn << MemoryMap.PAGE_SHIFT) + offset;
        long addr = d.ops().mapPage(phys, size, dir, orNone(attrs));
        debug.mapPage(dev, phys, size, dir, addr, orNone(attrs));
        return addr;
    }

    @Override
    public void unmapPage(DmaDevice dev, long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs) {
        DeviceImpl d = device(dev);
        checkSize(size);
        checkDirection(dir);
        stats.dmaUnmapCalls.increment();
        d.ops().unmapPage(dmaAddress, size, dir, orNone(attrs));
        debug.unmapPage(dev, dmaAddress, size, dir);
    }

    @Override
    public long mapSingle(DmaDevice dev, long phys, long size, DmaDirection dir, DmaAttrs attrs) {
        return mapPage(dev, phys >>> MemoryMap.PAGE_SHIFT, phys & (MemoryMap.PAGE_SIZE - 1), size, dir, attrs);
    }

    @Override
    public void unmapSingle(DmaDevice dev, long dmaAddress, long size, DmaDirection dir, DmaAttrs attrs) {
        unmapPage(dev, dmaAddress, size, dir, attrs);
    }

    @Override
    public boolean mappingError(DmaDevice dev, long dmaAddress) {
        device(dev);
        debug.mappingError(dev, dmaAddress);
        return dmaAddress == DMA_MAPPING_ERROR;
    }

    @Override
    public void syncSingleForCpu(DmaDevice dev, long dmaAddress, long size, DmaDirection dir) {
        DeviceImpl d = syncCall(dev, dir);
        checkSize(size);
        d.ops().syncSingleForCpu(dmaAddress, size, dir);
        debug.syncSingleForCpu(dev, dmaAddress, size, dir);
    }

    @Override
    public void syncSingleForDevice(DmaDevice dev, long dmaAddress, long size, DmaDirection dir) {
        DeviceImpl d = syncCall(dev, dir);
        checkSize(size);
        d.ops().syncSingleForDevice(dmaAddress, size, dir);
        debug.syncSingleForDevice(dev, dmaAddress, size, dir);
    }

    @Override
    public void syncSingleRangeForCpu(DmaDevice dev, long dmaAddress, long offset, long size, DmaDirection dir) {
        syncSingleForCpu(dev, dmaAddress + offset, size, dir);
    }

    @Override
    public void syncSingleRangeForDevice(DmaDevice dev, long dmaAddress, long offset, long size, DmaDirection dir) {
        syncSingleForDevice(dev, dmaAddress + offset, size, dir);
    }

    @Override
    public CoherentBuffer allocCoherent(DmaDevice dev, long size) {
        DeviceImpl d = device(dev);
        checkSize(size);
        CoherentBuffer buffer = d.ops().alloc(size);
        debug.allocCoherent(dev, size, buffer.dmaAddress(), buffer.pages().phys());
        return buffer;
    }

    /** {@code dma_free_coherent}: dma-debug checks first; a buffer the device does not hold is not freed. */
    @Override
    public void freeCoherent(DmaDevice dev, CoherentBuffer buffer) {
        DeviceImpl d = device(dev);
        Objects.requireNonNull(buffer, "buffer");
        debug.freeCoherent(dev, buffer.size(), buffer.dmaAddress(), buffer.pages().phys());
        LiveMapping.Coherent held = d.takeCoherent(buffer.dmaAddress());
        if (held != null) {
            d.ops().free(held);
        }
    }

    @Override
    public long maxMappingSize(DmaDevice dev) {
        return device(dev).ops().maxMappingSize();
    }

    @Override
    public SgTable newSgTable(List<SgSegment> segments) {
        return SgTableImpl.of(segments);
    }

    @Override
    public SgTable sgTableOf(List<PageRange> ranges) {
        return SgTableImpl.ofRanges(ranges);
    }

    @Override
    public SgTable sgTableFromPages(List<Long> pfns) {
        return SgTableImpl.fromPages(pfns);
    }

    @Override
    public SgTable dupSgTable(SgTable source) {
        return SgTableImpl.dup(source);
    }

    private DeviceImpl syncCall(DmaDevice dev, DmaDirection dir) {
        DeviceImpl d = device(dev);
        checkDirection(dir);
        stats.dmaSyncCalls.increment();
        return d;
    }

    /** This simulation's device, still bound (ENODEV otherwise). */
    private DeviceImpl device(DmaDevice dev) {
        ctx.ensureOpen().run();
        if (!(dev instanceof DeviceImpl d) || d.context() != ctx) {
            throw new ErrnoException(Errno.ENODEV, "not a device of this simulation: " + dev);
        }
        d.ensureUsable();
        return d;
    }

    private void checkDirection(DmaDirection dir) {
        if (dir == null || !dir.isValid()) {
            ctx.log().bug("kernel BUG at kernel/dma/mapping.c: " + BAD_DIRECTION);
            throw new KernelBug(BAD_DIRECTION);
        }
    }

    private static void checkTable(SgTable sgt, int nents) {
        Objects.requireNonNull(sgt, "sgt");
        if (nents < 1 || nents > sgt.origNents()) {
            throw new IllegalArgumentException("nents " + nents + " outside 1.." + sgt.origNents());
        }
    }

    private static void checkSize(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("DMA size " + size);
        }
    }

    private static SgTableImpl own(SgTable sgt) {
        if (sgt instanceof SgTableImpl t) {
            return t;
        }
        throw new IllegalArgumentException("not a table of DmaMapping's factories: " + sgt);
    }

    private static DmaAttrs orNone(DmaAttrs attrs) {
        return attrs == null ? DmaAttrs.NONE : attrs;
    }
}
