// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.sim.Simulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * perf-anchors G2/G3: an 8 MiB device copy through a strict IOMMU domain vs {@code System.arraycopy}
 * of 8 MiB. Default simulation config, so the cache's prefetch and pressure events run around every
 * 4 KiB burst, as users get them. The IOMMU makes source and destination contiguous in IOVA space;
 * {@code layout} says what is behind them:
 * <ul>
 * <li>{@code chunks}: eight 1 MiB (order-8) chunks each, as the system heap allocates 8 MiB. Adjacent
 * chunks that the buddy allocator hands out physically contiguous are mapped with 2 MiB blocks, so the
 * IOTLB stays warm (G2).</li>
 * <li>{@code pages}: 2048 single 4 KiB pages each in a seeded random order: one sg entry and one PTE
 * per page, 4096 distinct pages per copy against a 128-entry IOTLB, so every burst walks the page
 * table (G3, cold IOTLB).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DmaCopyBenchmark {
    @Param({"chunks", "pages"})
    public String layout;

    private Simulation sim;
    private DmaDevice gpu;
    private long srcIova;
    private long dstIova;
    private long length;
    private byte[] hostSrc;
    private byte[] hostDst;

    @Setup(Level.Trial)
    public void setup() {
        sim = Simulation.create();
        gpu = sim.devices().create(DeviceSpec.of("fd000000.gpu", "gpu").withIommu(IommuSpec.strict()));
        byte[] data = BenchBuffers.pattern(BenchBuffers.SIZE, 3);
        SgTable src = table(1);
        fillByDevice(src, data);
        sim.dma().mapSgtable(gpu, src, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        SgTable dst = table(2);
        sim.dma().mapSgtable(gpu, dst, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
        srcIova = src.get(0).dmaAddress();
        dstIova = dst.get(0).dmaAddress();
        length = BenchBuffers.SIZE;
        long misses = sim.counters().iotlbMisses();
        check(simDmaCopy().ok(), "the copy job failed");
        checkCopied(dst, data);
        misses = sim.counters().iotlbMisses() - misses;
        check(layout.equals("pages") ? misses == 2L * BenchBuffers.PAGES : misses <= 8,
                "layout " + layout + " took " + misses + " IOTLB misses per copy");
        hostSrc = BenchBuffers.pattern(BenchBuffers.SIZE, 4);
        hostDst = new byte[BenchBuffers.SIZE];
    }

    /** One 8 MiB buffer's table, as {@link #layout} says: a heap's chunks, or scattered pages. */
    private SgTable table(long seed) {
        if (layout.equals("pages")) {
            return sim.dma().sgTableFromPages(BenchBuffers.scatteredPages(sim, BenchBuffers.PAGES, seed));
        }
        return sim.dma().sgTableOf(BenchBuffers.heapChunks(sim));
    }

    /** The source's pages get their data by device DMA, as a producer device would write them. */
    private void fillByDevice(SgTable src, byte[] data) {
        sim.dma().mapSgtable(gpu, src, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
        DmaJobResult r = gpu.queue().run(DmaJob.of("fill", new DmaStep.Write(src.get(0).dmaAddress(), data)));
        check(r.ok(), "the fill job failed");
        sim.dma().unmapSgtable(gpu, src, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
    }

    /** The destination's DRAM holds the source's bytes, entry by entry in buffer order. */
    private void checkCopied(SgTable dst, byte[] data) {
        byte[] got = new byte[BenchBuffers.SIZE];
        int off = 0;
        for (Scatterlist sg : dst.entries()) {
            sim.memory().readDram(sg.phys(), got, off, (int) sg.length());
            off += (int) sg.length();
        }
        check(off == got.length && Arrays.equals(got, data), "the destination does not hold the source's bytes");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("setup check failed: " + what);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sim.close();
    }

    @Benchmark
    public DmaJobResult simDmaCopy() {
        return gpu.queue().run(DmaJob.of("copy", new DmaStep.Copy(srcIova, dstIova, length)));
    }

    @Benchmark
    public byte[] baselineArraycopy() {
        System.arraycopy(hostSrc, 0, hostDst, 0, hostDst.length);
        return hostDst;
    }
}
