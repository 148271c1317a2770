// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Simulation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * perf-anchors G13: {@code begin_cpu_access} + {@code end_cpu_access} of a clean 8 MiB dma-heap
 * buffer (eight 1 MiB chunks, as the system heap allocates it) with one mapped attachment of a
 * non-coherent dma-direct device, vs one sequential read pass summing an 8 MiB {@code long[]}.
 *
 * <p>Direction FROM_DEVICE ({@code DMA_BUF_SYNC_READ}): the CPU reads what a device produced, the
 * commonest sync of camera and video buffers. On arm64 from 5.19 begin invalidates and end cleans
 * the whole range (rule 95), so the model walks every line twice, as BIDIRECTIONAL would; begin
 * waits only for writer fences (rule 19), and there are none.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CpuAccessBenchmark {
    private static final long LINES = BenchBuffers.SIZE / 64;
    private static final Owner OWNER = Owner.process(1000);

    private Simulation sim;
    private DmaBuf buf;
    private DmaDirection direction;
    private long[] host;

    @Setup(Level.Trial)
    public void setup() {
        sim = Simulation.create();
        List<PageRange> chunks = BenchBuffers.heapChunks(sim);
        buf = sim.dmabufs().exportPages(new PageExportInfo("system", chunks, BenchBuffers.SIZE,
                CachingModel.DMA_HEAP, 0, true, ExportInfo.O_RDWR | ExportInfo.O_CLOEXEC, OWNER, null));
        DmaDevice isp = sim.devices().create(DeviceSpec.of("1a000000.isp", "isp"));
        DmaBufAttachment a = buf.attach(isp);
        buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        direction = DmaDirection.FROM_DEVICE;
        long before = sim.counters().linesWalked();
        simBeginEnd();
        long walked = sim.counters().linesWalked() - before;
        check(walked == 2 * LINES, "begin/end walked " + walked + " lines, expected " + 2 * LINES);
        check(sim.cache().dirtyLines() == 0, "the cache holds dirty lines");
        host = new long[BenchBuffers.SIZE / Long.BYTES];
        for (int i = 0; i < host.length; i++) {
            host[i] = i * 0x9e3779b97f4a7c15L;
        }
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
    public DmaBuf simBeginEnd() {
        buf.beginCpuAccess(direction);
        buf.endCpuAccess(direction);
        return buf;
    }

    @Benchmark
    public long baselineReadPass() {
        long sum = 0;
        for (long v : host) {
            sum += v;
        }
        return sum;
    }
}
