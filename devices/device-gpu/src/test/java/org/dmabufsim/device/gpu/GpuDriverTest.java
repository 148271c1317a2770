// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class GpuDriverTest {
    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP);

    private GpuDriver gpu(String name) {
        return f.driver(new GpuDeviceFactory(), DeviceFixture.small(name, GpuDeviceFactory.MODEL));
    }

    private static byte[] shaded(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = FramePattern.gpu(in[i]);
        }
        return out;
    }

    private static byte[] content(long seed) {
        byte[] b = new byte[SMALL_FRAME];
        FramePattern.sensor(seed, 1000, b, b.length);
        return b;
    }

    private static byte[] cpuRead(DmaBuf buf) {
        CpuMapping cpu = buf.mmap(DeviceFixture.USER, 0, buf.size() / 4096);
        buf.beginCpuAccess(DmaDirection.FROM_DEVICE);
        byte[] seen = cpu.read(0, SMALL_FRAME);
        buf.endCpuAccess(DmaDirection.FROM_DEVICE);
        cpu.unmap();
        return seen;
    }

    @Test
    void specIsIoCoherentBehindAStrictIommuWithA40BitMask() {
        GpuDriver g = gpu("gpu0");
        DeviceSpec spec = g.device().spec();
        assertEquals("gpu", spec.driver());
        assertTrue(spec.coherent());
        assertEquals(DeviceSpec.bits(40), spec.dmaMask());
        assertEquals(DeviceSpecs.UINT_MAX, spec.maxSegmentSize());
        assertEquals(IommuDomainType.DMA, g.device().iommu().orElseThrow().type());
        assertEquals((1L << 40) - 1, g.device().iommu().orElseThrow().iovaLimit());
        assertEquals(MappingPolicy.AT_IMPORT, g.mappingPolicy());
    }

    @Test
    void rule96_mapsOnceAtImportBidirectionalWithoutCacheMaintenance() {
        GpuDriver g = gpu("gpu0");
        DmaBuf src = f.alloc(SYSTEM, SMALL_FRAME);
        DmaBuf dst = f.alloc(RESERVED, SMALL_FRAME);
        Counters c = f.sim().counters();
        ImportedBuffer in = g.importBuffer(src, DmaDirection.TO_DEVICE);
        ImportedBuffer out = g.importBuffer(dst, DmaDirection.FROM_DEVICE);
        Counters imports = f.sim().counters().minus(c);
        assertEquals(DmaDirection.BIDIRECTIONAL, in.direction());
        assertEquals(DmaDirection.BIDIRECTIONAL, out.direction());
        assertEquals(2, imports.dmaMapCalls());
        // IO-coherent: mapping walks no cache line (rule 96)
        assertEquals(0, imports.linesWalked());
        Counters frames = f.sim().counters();
        for (long frame = 0; frame < 3; frame++) {
            assertTrue(g.process(in, out, frame).ok());
        }
        Counters delta = f.sim().counters().minus(frames);
        assertEquals(0, delta.dmaMapCalls());
        assertEquals(0, delta.dmaUnmapCalls());
        assertEquals(3L * SMALL_FRAME, delta.deviceBytesRead());
        assertEquals(3L * SMALL_FRAME, delta.deviceBytesWritten());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> g.importBuffer(src, DmaDirection.NONE)).errno());
    }

    @Test
    void processReadsShadesAndWritesEveryByte() {
        GpuDriver g = gpu("gpu0");
        DmaBuf src = f.alloc(SYSTEM, SMALL_FRAME);
        DmaBuf dst = f.alloc(RESERVED, SMALL_FRAME);
        ImportedBuffer in = g.importBuffer(src, DmaDirection.TO_DEVICE);
        ImportedBuffer out = g.importBuffer(dst, DmaDirection.FROM_DEVICE);
        for (long frame = 0; frame < 2; frame++) {
            byte[] input = content(frame);
            DeviceFixture.cpuWrite(src, input);
            FrameResult r = g.process(in, out, frame);
            assertTrue(r.ok());
            assertEquals(2, r.jobs().size());
            assertEquals("frame " + frame + " read", r.jobs().get(0).label());
            assertEquals("frame " + frame + " write", r.jobs().get(1).label());
            assertArrayEquals(input, r.data());
            assertArrayEquals(shaded(input), cpuRead(dst));
        }
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }

    @Test
    void produceRendersAndConsumeReadsBack() {
        GpuDriver g = gpu("gpu0");
        ImportedBuffer buf = g.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        assertTrue(g.produce(buf, 4).ok());
        byte[] sensor = new byte[SMALL_FRAME];
        FramePattern.sensor(4, 0, sensor, SMALL_FRAME);
        FrameResult r = g.consume(buf, 5);
        assertTrue(r.ok());
        assertArrayEquals(shaded(sensor), r.data());
    }

    @Test
    void processInPlace() {
        GpuDriver g = gpu("gpu0");
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp = g.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        byte[] input = content(9);
        DeviceFixture.cpuWrite(buf, input);
        assertTrue(g.process(imp, imp, 0).ok());
        assertArrayEquals(shaded(input), cpuRead(buf));
    }

    @Test
    void crossedProcessOnTwoThreadsDoesNotDeadlock() throws InterruptedException {
        GpuDriver g = gpu("gpu0");
        ImportedBuffer a = g.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        ImportedBuffer b = g.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        ConcurrentLinkedQueue<Object> failures = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (ImportedBuffer[] pair : new ImportedBuffer[][] {{a, b}, {b, a}}) {
            threads.add(new Thread(() -> {
                for (long frame = 0; frame < 20; frame++) {
                    try {
                        if (!g.process(pair[0], pair[1], frame).ok()) {
                            failures.add(frame);
                        }
                    } catch (RuntimeException e) {
                        failures.add(e);
                    }
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(120_000);
            assertFalse(t.isAlive(), "deadlock");
        }
        assertEquals(List.of(), List.copyOf(failures));
    }

    @Test
    void rule105_closeLeavesNoDmaDebugEntriesAndNoErrors() {
        GpuDriver g = gpu("gpu0");
        DmaBuf src = f.alloc(SYSTEM, SMALL_FRAME);
        DmaBuf dst = f.alloc(RESERVED, SMALL_FRAME);
        g.process(g.importBuffer(src, DmaDirection.TO_DEVICE), g.importBuffer(dst, DmaDirection.FROM_DEVICE), 0);
        g.close();
        f.assertClosedCleanly(g, src, dst);
        assertEquals(List.of(), g.device().iommu().orElseThrow().mappings());
    }
}
