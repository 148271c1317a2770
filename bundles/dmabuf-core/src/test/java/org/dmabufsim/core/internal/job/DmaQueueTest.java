// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaFence;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.StepResult;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Device jobs: fences, lazy execution, modelled time, results as values. */
class DmaQueueTest {
    @AutoClose
    private final Simulation sim = Simulation.create(SimulationConfig.defaults().withCache(CacheConfig.quiet()));
    private final DmaMapping dma = sim.dma();

    private PageRange page() {
        return sim.memory().allocPages(0, Zone.NORMAL);
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    @DisplayName("fences: driver and device names, a context per queue, seqnos from 1 in submission order")
    void fenceIdentity() {
        DmaDevice cam = sim.devices().create(DeviceSpec.of("1a000000.camera", "camera"));
        DmaDevice isp = sim.devices().create(DeviceSpec.of("1b000000.isp", "isp"));
        PageRange p = page();
        DmaFence f1 = cam.queue().submit(DmaJob.of("a", new DmaStep.Read(p.phys(), 8))).fence();
        DmaFence f2 = cam.queue().submit(DmaJob.of("b", new DmaStep.Read(p.phys(), 8))).fence();
        DmaFence g1 = isp.queue().submit(DmaJob.of("c", new DmaStep.Read(p.phys(), 8))).fence();
        assertEquals("camera", f1.driverName());
        assertEquals("1a000000.camera", f1.timelineName());
        assertEquals(List.of(1L, 2L, 1L), List.of(f1.seqno(), f2.seqno(), g1.seqno()));
        assertEquals(f1.context(), f2.context());
        assertNotEquals(f1.context(), g1.context());
    }

    @Test
    @DisplayName("jobs run lazily: nothing happens until a wait; the CPU sees memory as before the job until then")
    void lazyExecution() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("dev", "d"));
        PageRange p = page();
        DmaJobHandle h = dev.queue().submit(DmaJob.of("fill", new DmaStep.Fill(p.phys(), 4096, (byte) 0x6b)));
        assertEquals(1, dev.queue().pending());
        assertFalse(h.fence().isSignaled());
        assertEquals(-1, h.fence().timestampNs());
        assertTrue(h.result().isEmpty());
        assertArrayEquals(new byte[64], sim.cpu().linearMap().read(p.phys(), 64));
        assertEquals(0, sim.counters().deviceBytesWritten());

        DmaJobResult r = h.await();
        assertTrue(r.ok());
        assertEquals(0, dev.queue().pending());
        assertEquals(r, h.result().orElseThrow());
        assertEquals(4096, sim.counters().deviceBytesWritten());
        assertArrayEquals(filled(64, 0x6b), read(p.phys(), 64));
        assertArrayEquals(new byte[64], sim.cpu().linearMap().read(p.phys(), 64),
                "the CPU's line, filled before the job, is stale: nobody invalidated it");
    }

    @Test
    @DisplayName("modelled time: start = max(busy-until, submit time), duration = bytes x deviceNsPerByte;"
            + " waiting advances the CPU")
    void modelledTime() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("dev", "d"));
        PageRange p = sim.memory().allocPages(4, Zone.NORMAL);
        long t0 = sim.nowNs();
        DmaJobHandle a = dev.queue().submit(DmaJob.of("a", new DmaStep.Read(p.phys(), 64 * 1024)));
        DmaJobHandle b = dev.queue().submit(DmaJob.of("b", new DmaStep.Read(p.phys(), 8192)));
        long t1 = sim.nowNs();
        DmaJobResult rb = b.await();
        DmaJobResult ra = a.result().orElseThrow();
        assertTrue(ra.startNs() >= t0 && ra.startNs() <= t1);
        assertEquals(ra.startNs() + 8192, ra.endNs(), "64 KiB x 0.125 ns/byte");
        assertEquals(ra.endNs(), rb.startNs(), "the queue was busy");
        assertEquals(rb.startNs() + 1024, rb.endNs());
        assertEquals(rb.endNs(), b.fence().timestampNs());
        assertTrue(sim.nowNs() >= rb.endNs(), "the CPU slept until the fence signalled");
        assertEquals(ra.endNs() - ra.startNs() + rb.endNs() - rb.startNs(), sim.counters().deviceNs());
    }

    @Test
    @DisplayName("results are values: a read beyond the mask is a DECODE_ERROR after the bytes before it; the job ends")
    void decodeErrorBeyondMask() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("narrow", "d").withDmaMask(DeviceSpec.bits(32)));
        DmaJobHandle h = dev.queue().submit(DmaJob.of("over", new DmaStep.Read(0xffff_f000L, 8192),
                new DmaStep.Fill(0x8000_0000L, 64, (byte) 1)));
        DmaJobResult r = h.await();
        assertFalse(r.ok());
        assertEquals(1, r.steps().size(), "the failing step is the last");
        StepResult s = r.step(0);
        assertEquals(MemTxResult.DECODE_ERROR, s.result());
        assertEquals(4096, s.bytesDone());
        assertNull(s.fault());
        assertEquals(Errno.EIO.negative(), h.fence().error());
        assertTrue(h.fence().isSignaled());
        assertEquals(4096, sim.counters().deviceBytesRead());
    }

    @Test
    @DisplayName("an address that is not DRAM is a DECODE_ERROR")
    void decodeErrorNotDram() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("dev", "d"));
        DmaJobResult r = dev.queue().run(DmaJob.of("hole", new DmaStep.Write(0x1000, filled(16, 1))));
        assertEquals(MemTxResult.DECODE_ERROR, r.step(0).result());
        assertEquals(0, r.step(0).bytesDone());
    }

    @Test
    @DisplayName("an unmapped IOVA is an ACCESS_ERROR carrying the translation fault")
    void accessErrorUnmappedIova() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("smmu", "d").withIommu(IommuSpec.strict()));
        StepResult s = dev.queue().run(DmaJob.of("stray", new DmaStep.Read(0x4000_0000L, 16))).step(0);
        assertEquals(MemTxResult.ACCESS_ERROR, s.result());
        assertEquals(new IommuFault("smmu", 0x4000_0000L, false, IommuFault.Reason.TRANSLATION, s.fault().timeNs()),
                s.fault());
    }

    @Test
    @DisplayName("rule 94 (lazy domain): after unmap the IOTLB still translates until the flush queue is flushed")
    void lazyDomainStaleTranslation() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("lazy", "d").withIommu(IommuSpec.lazy()));
        PageRange p = page();
        sim.memory().writeDram(p.phys(), filled(16, 0x2a), 0, 16);
        long iova = dma.mapPage(dev, p.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
        DmaJob read = DmaJob.of("read", new DmaStep.Read(iova, 16));
        assertTrue(dev.queue().run(read).ok());
        dma.unmapPage(dev, iova, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);

        DmaJobResult stale = dev.queue().run(read);
        assertTrue(stale.ok(), "the stale IOTLB entry still translates");
        assertArrayEquals(filled(16, 0x2a), stale.step(0).data());
        assertTrue(dev.iommu().orElseThrow().iovaRanges().get(0).queued());

        dev.iommu().orElseThrow().flushQueue();
        StepResult after = dev.queue().run(read).step(0);
        assertEquals(MemTxResult.ACCESS_ERROR, after.result());
        assertEquals(IommuFault.Reason.TRANSLATION, after.fault().reason());
    }

    @Test
    @DisplayName("strict domain: after unmap the device faults at once")
    void strictDomainNoStaleTranslation() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("strict", "d").withIommu(IommuSpec.strict()));
        PageRange p = page();
        long iova = dma.mapPage(dev, p.pfn(), 0, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
        DmaJob read = DmaJob.of("read", new DmaStep.Read(iova, 16));
        assertTrue(dev.queue().run(read).ok());
        dma.unmapPage(dev, iova, 4096, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
        assertEquals(MemTxResult.ACCESS_ERROR, dev.queue().run(read).step(0).result());
    }

    @Test
    @DisplayName("runDevices runs every queue in modelled-time order, not device order")
    void runDevicesInTimeOrder() {
        DmaDevice late = sim.devices().create(DeviceSpec.of("late", "d"));
        DmaDevice early = sim.devices().create(DeviceSpec.of("early", "d"));
        PageRange p = page();
        early.queue().submit(DmaJob.of("first", new DmaStep.Fill(p.phys(), 64, (byte) 1)));
        sim.cpu().linearMap().fill(page().phys(), 4096, (byte) 0); // CPU work: time passes
        DmaJobHandle second = late.queue().submit(DmaJob.of("second", new DmaStep.Fill(p.phys(), 64, (byte) 2)));
        sim.runDevices();
        assertEquals(0, early.queue().pending() + late.queue().pending());
        assertArrayEquals(filled(64, 2), sim.cpu().linearMap().read(p.phys(), 64), "the later job wrote last");
        assertTrue(second.fence().isSignaled());
    }

    @Test
    @DisplayName("Copy moves data burst by burst; a coherent device snoops dirty CPU lines, a non-coherent one"
            + " does not")
    void copyAndSnooping() {
        DmaDevice coh = sim.devices().create(DeviceSpec.of("coh", "d").withCoherent(true));
        DmaDevice nc = sim.devices().create(DeviceSpec.of("nc", "d"));
        PageRange src = sim.memory().allocPages(2, Zone.NORMAL);
        PageRange dst = sim.memory().allocPages(2, Zone.NORMAL);
        sim.cpu().linearMap().fill(src.phys(), 3 * 4096, (byte) 0x5a);

        DmaJobResult r = nc.queue().run(DmaJob.of("copy", new DmaStep.Copy(src.phys() + 100, dst.phys() + 7, 10000)));
        assertTrue(r.ok());
        assertArrayEquals(new byte[16], read(dst.phys() + 7, 16), "non-coherent: DRAM held zeros");
        assertEquals(10000, r.step(0).bytesDone());

        assertTrue(coh.queue().run(DmaJob.of("copy", new DmaStep.Copy(src.phys() + 100, dst.phys() + 7, 10000)))
                .ok());
        byte[] copied = new byte[10000];
        sim.memory().readDram(dst.phys() + 7, copied, 0, 10000);
        assertArrayEquals(filled(10000, 0x5a), copied, "coherent: the dirty lines were read");
        assertEquals(0, read(dst.phys() + 6, 1)[0]);
        assertEquals(0, read(dst.phys() + 10007, 1)[0]);
        assertEquals(20000, sim.counters().deviceBytesRead());
        assertEquals(20000, sim.counters().deviceBytesWritten());
    }

    @Test
    @DisplayName("closing the simulation runs the pending jobs; runDevices afterwards is refused")
    void simulationCloseRunsPendingJobs() {
        DmaDevice dev = sim.devices().create(DeviceSpec.of("dev", "d"));
        PageRange p = page();
        DmaJobHandle h = dev.queue().submit(DmaJob.of("last", new DmaStep.Fill(p.phys(), 64, (byte) 9)));
        sim.close();
        assertTrue(h.fence().isSignaled());
        assertTrue(h.result().orElseThrow().ok(), "the job ran before DRAM was given back");
        assertEquals(64, h.result().orElseThrow().step(0).bytesDone());
        assertThrows(IllegalStateException.class, sim::runDevices);
    }

    private byte[] read(long phys, int n) {
        byte[] b = new byte[n];
        sim.memory().readDram(phys, b, 0, n);
        return b;
    }
}
