// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.Cpu;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.FaultHandler;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * The CPU: the linear map, vmaps and user mappings, {@code clear_page} and {@code dsb}. Live
 * write-combine mappings are registered in {@code writeCombine} (a concurrent map ordered by
 * creation, so a barrier drains them in a fixed order).
 */
public final class CpuImpl implements Cpu {
    private final MemoryMapImpl memory;
    private final CpuCacheImpl cache;
    private final Stats stats;
    private final LinearMapping linear;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentSkipListMap<Long, CpuMappingImpl> writeCombine = new ConcurrentSkipListMap<>();

    public CpuImpl(MemoryMapImpl memory, CpuCacheImpl cache, Stats stats) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.linear = new LinearMapping(memory, new CachedAccess(cache));
    }

    @Override
    public CpuMapping linearMap() {
        return linear;
    }

    @Override
    public CpuMapping map(List<PageRange> pages, MemAttr attr) {
        return create(pages, attr, null);
    }

    @Override
    public CpuMapping mapFaulting(List<PageRange> pages, MemAttr attr, FaultHandler handler) {
        return create(pages, attr, Objects.requireNonNull(handler, "handler"));
    }

    private CpuMapping create(List<PageRange> pages, MemAttr attr, FaultHandler handler) {
        Objects.requireNonNull(attr, "attr");
        if (pages.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "vmap of no pages");
        }
        for (PageRange r : pages) {
            if (!memory.dram().isDram(r.phys(), r.bytes())) {
                throw new ErrnoException(Errno.EINVAL, String.format("vmap of pfn %#x+%d: not DRAM", r.pfn(), r.count()));
            }
        }
        CpuAccess access = switch (attr) {
            case CACHEABLE -> new CachedAccess(cache);
            case WRITE_COMBINE -> new WriteCombineAccess(memory.dram(), stats);
            case DEVICE -> new UncachedAccess(memory.dram(), stats);
        };
        CpuMappingImpl m = new CpuMappingImpl(this, ids.incrementAndGet(), new MappedPages(pages), attr, access,
                handler);
        if (attr == MemAttr.WRITE_COMBINE) {
            writeCombine.put(m.id(), m);
        }
        return m;
    }

    /** Forgets an unmapped mapping (its write-combine data was drained by {@code unmap}). */
    void unregister(CpuMappingImpl m) {
        writeCombine.remove(m.id());
    }

    /**
     * {@code clear_page} over the range through the linear map, modelled lazily: of its N lines the
     * last {@code min(N, C/2)} (C = cache lines) end as dirty zero lines written through the cache;
     * the earlier ones were written and evicted long ago, so DRAM holds zeros and no copy of them is
     * present. Host cost O(C + pages); modelled time and {@code cpuBytesZeroed} for all N lines.
     */
    @Override
    public void clearPages(PageRange range) {
        long phys = range.phys();
        long bytes = range.bytes();
        if (!memory.isLinearMapped(phys, bytes)) {
            throw new ErrnoException(Errno.EFAULT, String.format("clear_page of pfn %#x+%d without a linear alias",
                    range.pfn(), range.count()));
        }
        long lines = bytes / CpuCache.LINE_SIZE;
        long resident = Math.min(lines, cache.config().capacityBytes() / CpuCache.LINE_SIZE / 2);
        long streamed = (lines - resident) * CpuCache.LINE_SIZE;
        cache.discard(phys, streamed);
        memory.zeroDram(phys, streamed);
        cache.fillLines(phys + streamed, bytes - streamed, (byte) 0);
        stats.cpuBytesZeroed.add(bytes);
        stats.chargeCpu(bytes * stats.costs().cpuCopyNsPerByte());
    }

    @Override
    public void barrier() {
        for (CpuMappingImpl m : writeCombine.values()) {
            m.access().drain();
        }
    }
}
