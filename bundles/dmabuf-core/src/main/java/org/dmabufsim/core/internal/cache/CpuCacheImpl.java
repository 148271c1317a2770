// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import java.util.Arrays;
import java.util.Objects;
import org.dmabufsim.core.internal.mem.MemoryMapImpl;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuCache;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.CostTable;

/**
 * The write-back cache up to the point of coherency. Range maintenance (arm64 {@code dc cvac},
 * {@code dc ivac}, {@code dc civac} by VA) counts every line of the range as walked but visits only
 * present lines. CPU accesses fill whole lines and write-allocate. The device port
 * ({@link #deviceRead}, {@link #deviceWrite}, {@link #deviceFill}) and the burst events
 * ({@link #beforeBurst}, {@link #afterBurst}) are for the DMA layer.
 *
 * <p>Locking: a line is guarded by {@link CacheStore#lock} (one lock per 64 sets, covering every line
 * of a page); the hot window and the prefetcher have their own. No lock is global.
 */
public final class CpuCacheImpl implements CpuCache {
    private static final int LINE = CacheStore.LINE;
    private static final int SHIFT = CacheStore.LINE_SHIFT;
    private static final Runnable NOTHING = () -> { }; // the read side of a DRAM-to-DRAM copy moves nothing

    /** What one maintenance instruction does to a present line. */
    private enum Op { CVAC, IVAC, CIVAC }

    /** Work on one piece of a line, under the set lock, after the line is present. */
    @FunctionalInterface
    private interface LineWork {
        void apply(CacheSet s, int way, int inLine, int bufOff, int n);
    }

    private final CacheConfig config;
    private final CacheStore store;
    private final Stats stats;
    private final HotWindow hot;
    private final DeviceSnoop snoop;
    private final Prefetcher prefetcher;

    public CpuCacheImpl(CacheConfig config, MemoryMapImpl memory, Stats stats, RandomStreams random) {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(memory, "memory");
        this.stats = Objects.requireNonNull(stats, "stats");
        this.store = new CacheStore(config, memory.dram(), stats, random);
        this.hot = new HotWindow(config.hotWindowPages());
        this.snoop = new DeviceSnoop(store);
        this.prefetcher = new Prefetcher(store, memory, stats, hot, config, random);
    }

    @Override
    public CacheConfig config() {
        return config;
    }

    @Override
    public void clean(long phys, long length) {
        maintain(phys, length, Op.CVAC, Op.CVAC);
    }

    /** {@code dcache_inval_poc} (arch/arm64/mm/cache.S): partial edge lines get {@code dc civac}. */
    @Override
    public void invalidate(long phys, long length) {
        maintain(phys, length, Op.IVAC, Op.CIVAC);
    }

    @Override
    public void cleanInvalidate(long phys, long length) {
        maintain(phys, length, Op.CIVAC, Op.CIVAC);
    }

    private void maintain(long phys, long length, Op op, Op partialEdgeOp) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        if (length == 0) {
            return;
        }
        long first = phys >>> SHIFT;
        long last = (phys + length - 1) >>> SHIFT;
        boolean startPartial = (phys & (LINE - 1)) != 0;
        boolean endPartial = ((phys + length) & (LINE - 1)) != 0;
        long written = 0;
        long dropped = 0;
        long[] lines = store.index().present(first, last);
        for (int i = 0; i < lines.length;) {
            Object held = store.lock(lines[i]); // one hold for the present lines of a page
            synchronized (held) {
                do {
                    long line = lines[i++];
                    boolean edge = (line == first && startPartial) || (line == last && endPartial);
                    int result = apply(line, edge ? partialEdgeOp : op);
                    written += result & 1;
                    dropped += result >>> 1;
                } while (i < lines.length && store.lock(lines[i]) == held);
            }
        }
        long walked = last - first + 1;
        stats.linesWalked.add(walked);
        stats.linesWrittenBack.add(written);
        stats.linesInvalidated.add(dropped);
        CostTable c = stats.costs();
        stats.chargeCpu(walked * c.lineWalkNs() + written * c.lineWritebackNs() + dropped * c.lineInvalidateNs());
    }

    /** One instruction on a line, its lock held: bit 0 = written back, bit 1 = dropped. */
    private int apply(long line, Op op) {
        CacheSet s = store.set(line);
        int way = s.lookup(line);
        if (way < 0) {
            return 0;
        }
        int result = 0;
        if (op != Op.IVAC && s.isDirty(way)) {
            store.writeBack(s, way);
            result = 1;
        }
        if (op != Op.CVAC) {
            store.drop(s, way);
            result |= 2;
        }
        return result;
    }

    @Override
    public boolean isPresent(long phys) {
        long line = phys >>> SHIFT;
        CacheSet s = store.set(line);
        synchronized (store.lock(line)) {
            return s.lookup(line) >= 0;
        }
    }

    @Override
    public boolean isDirty(long phys) {
        long line = phys >>> SHIFT;
        CacheSet s = store.set(line);
        synchronized (store.lock(line)) {
            int way = s.lookup(line);
            return way >= 0 && s.isDirty(way);
        }
    }

    @Override
    public long presentLines() {
        return store.presentLines();
    }

    @Override
    public long dirtyLines() {
        return store.dirtyLines();
    }

    @Override
    public void prefetch(long phys) {
        prefetcher.prefetch(new long[] {phys >>> SHIFT}, 1);
    }

    @Override
    public void evict(long phys) {
        prefetcher.evict(new long[] {phys >>> SHIFT}, 1);
    }

    /** A CPU load through a cacheable mapping: misses fill whole lines. Charges modelled time. */
    public void cpuRead(long phys, byte[] dst, int off, int len) {
        Objects.checkFromIndexSize(off, len, dst.length);
        long fills = access(phys, len, false,
                (s, way, inLine, bufOff, n) -> System.arraycopy(s.data(), s.offset(way) + inLine, dst,
                        off + bufOff, n));
        charge(len, fills);
    }

    /** A CPU store through a cacheable mapping: write-allocate, lines become dirty. Charges time. */
    public void cpuWrite(long phys, byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        long fills = access(phys, len, true, (s, way, inLine, bufOff, n) -> {
            System.arraycopy(src, off + bufOff, s.data(), s.offset(way) + inLine, n);
            store.markDirty(s, way);
        });
        charge(len, fills);
    }

    /** {@code memset} through a cacheable mapping. Charges modelled time. */
    public void cpuFill(long phys, long len, byte value) {
        charge(len, fillLines(phys, len, value));
    }

    /** {@code memset} through the cache without charging time; returns the number of line fills. */
    long fillLines(long phys, long len, byte value) {
        return access(phys, len, true, (s, way, inLine, bufOff, n) -> {
            int base = s.offset(way) + inLine;
            Arrays.fill(s.data(), base, base + n, value);
            store.markDirty(s, way);
        });
    }

    /** Drops every present line of the range without writing it back and without counting. */
    void discard(long phys, long len) {
        if (len <= 0) {
            return;
        }
        for (long line : store.index().present(phys >>> SHIFT, (phys + len - 1) >>> SHIFT)) {
            CacheSet s = store.set(line);
            synchronized (store.lock(line)) {
                int way = s.lookup(line);
                if (way >= 0) {
                    store.drop(s, way);
                }
            }
        }
    }

    private long access(long phys, long len, boolean write, LineWork work) {
        if (len <= 0) {
            return 0;
        }
        long fills = 0;
        long done = 0;
        while (done < len) {
            long pageEnd = Math.min(len, done + MemoryMap.PAGE_SIZE - ((phys + done) & (MemoryMap.PAGE_SIZE - 1)));
            synchronized (store.lock((phys + done) >>> SHIFT)) { // one hold for the lines of a page
                while (done < pageEnd) {
                    long p = phys + done;
                    long line = p >>> SHIFT;
                    int inLine = (int) (p & (LINE - 1));
                    int n = (int) Math.min(len - done, LINE - inLine);
                    CacheSet s = store.set(line);
                    int way = s.lookup(line);
                    if (way < 0) {
                        boolean fill = !write || n < LINE;
                        way = store.install(s, line, fill);
                        fills += fill ? 1 : 0;
                    }
                    work.apply(s, way, inLine, (int) done, n);
                    done += n;
                }
            }
        }
        hot.touch(phys >>> MemoryMap.PAGE_SHIFT, (phys + len - 1) >>> MemoryMap.PAGE_SHIFT);
        return fills;
    }

    private void charge(long bytes, long fills) {
        CostTable c = stats.costs();
        stats.chargeCpu(bytes * c.cpuCopyNsPerByte() + fills * c.lineFillNs());
    }

    /** Device DMA read: see {@link DeviceSnoop#read}. Counts and charges nothing. */
    public void deviceRead(long phys, byte[] dst, int off, int len, boolean coherent) {
        snoop.read(phys, dst, off, len, coherent);
    }

    /** Device DMA write: see {@link DeviceSnoop#write}. Counts and charges nothing. */
    public void deviceWrite(long phys, byte[] src, int off, int len, boolean coherent) {
        snoop.write(phys, src, off, len, coherent);
    }

    /** Device DMA fill: see {@link DeviceSnoop#fill}. Counts and charges nothing. */
    public void deviceFill(long phys, long len, byte value, boolean coherent) {
        snoop.fill(phys, len, value, coherent);
    }

    /** The cache event before a DMA burst: speculative prefetch (see {@link CacheConfig}). */
    public void beforeBurst(long phys, long len) {
        prefetcher.beforeBurst(phys, len);
    }

    /** The cache event after a DMA burst: pressure eviction (see {@link CacheConfig}). */
    public void afterBurst(long phys, long len) {
        prefetcher.afterBurst(phys, len);
    }

    /**
     * One device burst within a page, between its cache events: {@code beforeBurst}, {@code io},
     * {@code afterBurst}. For a device that does not snoop ({@code io} touches DRAM only), the events
     * run under one hold of the page's lock, skip DRAM reads nobody can see (see {@link Prefetcher})
     * and are counted in {@code tally}; for a snooping one they are counted at once.
     */
    public void aroundBurst(long phys, int len, boolean coherent, Runnable io, EventTally tally) {
        if (coherent) {
            prefetcher.beforeBurst(phys, len);
            io.run();
            prefetcher.afterBurst(phys, len);
        } else {
            prefetcher.aroundBurst(phys, len, io, tally);
        }
    }

    /**
     * Both sides of a copy burst of a device that does not snoop: {@code aroundBurst(from, len, read)}
     * then {@code aroundBurst(to, len, write)}, the prefetch choices of both made together.
     */
    public void aroundCopy(long from, long to, int len, Runnable read, Runnable write, EventTally tally) {
        prefetcher.aroundCopy(from, to, len, read, write, tally);
    }

    /** A new tally for the cache events of one job runner (see {@link #count}). */
    public EventTally newTally() {
        return new EventTally(new DeferredMoves(store.dram()));
    }

    /** Does the DRAM moves deferred in {@code tally}, adds the events counted in it to the counters and clears it. */
    public void count(EventTally tally) {
        tally.flushMoves();
        tally.addTo(stats);
    }

    /**
     * {@code aroundCopy(from, to, len, nothing, transfer, tally)} for a device that does not snoop,
     * where {@code transfer} is a DRAM-to-DRAM {@link org.dmabufsim.core.internal.mem.Dram#transfer}:
     * the same as reading into a buffer and writing it, since DRAM at {@code from} cannot change in
     * between when the cache holds no dirty line (the cache events write DRAM back only from dirty
     * lines). Valid only then, and for ranges that do not overlap. Counts and charges nothing. The
     * move may be deferred in {@code tally} (see {@link DeferredMoves}); {@link #count} does whatever
     * is left.
     */
    public void aroundTransfer(long from, long to, int len, EventTally tally) {
        prefetcher.aroundCopy(from, to, len, NOTHING, tally.moves.stage(from, to, len), tally);
    }

    /** Pages in the prefetcher's hot window, least recently touched first (for tests and dumps). */
    public long[] hotPages() {
        return hot.snapshot();
    }
}
