// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaFence;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.DmaResv;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.ResvUsage;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

class AbstractDriverDmaTest {

    /** {@code dma_resv} calls a driver makes, recorded in front of the buffer's real object. */
    private static final class RecordingResv implements DmaResv {
        final DmaResv real;
        final List<String> calls = new ArrayList<>();
        final List<DmaFence> fences = new ArrayList<>();

        RecordingResv(DmaResv real) {
            this.real = real;
        }

        @Override
        public void addFence(DmaFence fence, ResvUsage usage) {
            calls.add("add " + usage);
            fences.add(fence);
            real.addFence(fence, usage);
        }

        @Override
        public List<DmaFence> fences(ResvUsage usage) {
            return real.fences(usage);
        }

        @Override
        public boolean testSignaled(ResvUsage usage) {
            return real.testSignaled(usage);
        }

        @Override
        public void await(ResvUsage usage) {
            calls.add("await " + usage);
            real.await(usage);
        }
    }

    /** The buffer, except that {@code resv()} is {@code resv}. */
    private static DmaBuf withResv(DmaBuf real, DmaResv resv) {
        return (DmaBuf) Proxy.newProxyInstance(DmaBuf.class.getClassLoader(), new Class<?>[] {DmaBuf.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("resv")) {
                        return resv;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void rule19_eachJobWaitsAsItMustThenPublishesItsFence() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.AT_IMPORT), DeviceFixture.small("dev0", "test"));
            DmaBuf real = f.alloc(SYSTEM, SMALL_FRAME);
            RecordingResv resv = new RecordingResv(real.resv());
            ImportedBuffer imp = d.importBuffer(withResv(real, resv), DmaDirection.BIDIRECTIONAL);
            d.produce(imp, 0);
            d.consume(imp, 1);
            // a writer waits for every fence (READ usage and before), a reader for the writers
            assertEquals(List.of("await READ", "add WRITE", "await WRITE", "add READ"), resv.calls);
            for (DmaFence fence : resv.fences) {
                assertTrue(fence.isSignaled());
                assertEquals("test", fence.driverName());
                assertEquals("dev0", fence.timelineName());
                assertEquals(0, fence.error());
            }
            assertEquals(List.of(1L, 2L), resv.fences.stream().map(DmaFence::seqno).toList());
        }
    }

    @Test
    void rule19_aFrameWaitsForAnotherDevicesWriteFence() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.AT_IMPORT), DeviceFixture.small("dev0", "test"));
            DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
            ImportedBuffer imp = d.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
            DmaDevice other = f.sim().devices().create(DeviceSpec.of("other0", "other"));
            CoherentBuffer scratch = f.sim().dma().allocCoherent(other, 4096);
            DmaJobHandle job = other.queue().submit(DmaJob.of("scratch", new DmaStep.Fill(scratch.dmaAddress(), 4096,
                    (byte) 1)));
            buf.resv().addFence(job.fence(), ResvUsage.WRITE);
            assertFalse(job.fence().isSignaled());
            assertTrue(d.consume(imp, 0).ok());
            assertTrue(job.fence().isSignaled());
            f.sim().dma().freeCoherent(other, scratch);
            other.close();
        }
    }

    @Test
    void rule14_aTableWithoutDmaSegmentsIsEnomemAndLeavesNothing() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.AT_IMPORT), DeviceFixture.small("dev0", "test"));
            DmaBufOps ops = new DmaBufOps() {
                @Override
                public SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction) {
                    // an exporter that hands out a table it never mapped: every sg_dma_len is 0
                    return f.sim().dma().newSgTable(List.of(new SgSegment(0x80000, 0, SMALL_FRAME)));
                }

                @Override
                public void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
                }

                @Override
                public void release(DmaBuf dmabuf) {
                }
            };
            DmaBuf buf = f.sim().dmabufs().export(new ExportInfo("unmapped", SMALL_FRAME, ops, ExportInfo.O_RDWR,
                    DeviceFixture.USER));
            ErrnoException e = assertThrows(ErrnoException.class, () -> d.importBuffer(buf, DmaDirection.TO_DEVICE));
            assertEquals(Errno.ENOMEM, e.errno());
            assertEquals(List.of(), buf.attachments());
            buf.put(DeviceFixture.USER);
            assertTrue(buf.isReleased());
        }
    }

    @Test
    void mapTableWhoseDmaMapSgFailsIsEnomemAndLeavesNothing() {
        // no swiotlb: a 32-bit dma-direct device cannot map pages above 4 GiB at all
        SimulationConfig noBounce = SimulationConfig.defaults()
                .withMemory(MemoryLayout.defaults().withoutReserved("swiotlb"));
        try (DeviceFixture f = new DeviceFixture(noBounce, CachingModel.ION_4_9)) {
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.AT_IMPORT), DeviceFixture.small("dev0", "test")
                    .with("dma.mask.bits", "32").with("import.mode", "map-table"));
            DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
            Counters c = f.sim().counters();
            ErrnoException e = assertThrows(ErrnoException.class, () -> d.importBuffer(buf, DmaDirection.FROM_DEVICE));
            assertEquals(Errno.ENOMEM, e.errno());
            assertEquals(1, f.sim().counters().minus(c).dmaMapCalls());
            assertEquals(List.of(), buf.attachments());
            assertEquals(List.of(), f.sim().dmaDebug().entries());
            assertEquals(1, f.sim().log().grep("overflow (mask ffffffff, bus limit 0)").size());
        }
    }

    @Test
    void mapTableMapsTheReturnedTableItselfEveryFrame() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.ION_4_9)) {
            DeviceConfig c = DeviceFixture.small("dev0", "test").with("import.mode", "map-table")
                    .with("iommu", "strict");
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.PER_FRAME), c);
            assertEquals(ImportMode.MAP_TABLE, d.importMode());
            ImportedBuffer imp = d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
            for (long frame = 0; frame < 2; frame++) {
                Counters before = f.sim().counters();
                assertTrue(d.produce(imp, frame).ok());
                Counters delta = f.sim().counters().minus(before);
                assertEquals(1, delta.dmaMapCalls());
                assertEquals(1, delta.dmaUnmapCalls());
                assertEquals(0, delta.iommuFaults());
            }
            assertEquals(List.of(), f.sim().dmaDebug().entries());
            assertEquals(0, f.sim().dmaDebug().errorCount());
        }
    }

    @Test
    void framesOnSeveralBuffersFromSeveralThreads() throws InterruptedException {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            TestDriver d = f.driver(TestDriver.factory(MappingPolicy.PER_FRAME), DeviceFixture.small("dev0", "test"));
            List<ImportedBuffer> imports = List.of(d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME),
                    DmaDirection.BIDIRECTIONAL), d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL));
            ConcurrentLinkedQueue<Object> failures = new ConcurrentLinkedQueue<>();
            List<Thread> threads = new ArrayList<>();
            for (ImportedBuffer imp : imports) {
                threads.add(new Thread(() -> {
                    for (long frame = 0; frame < 20; frame++) {
                        try {
                            if (!d.produce(imp, frame).ok() || !d.produce(imports.get(0), frame).ok()) {
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
                t.join();
            }
            assertEquals(List.of(), List.copyOf(failures));
            assertEquals(List.of(), f.sim().dmaDebug().entries());
            assertEquals(0, f.sim().dmaDebug().errorCount());
        }
    }
}
