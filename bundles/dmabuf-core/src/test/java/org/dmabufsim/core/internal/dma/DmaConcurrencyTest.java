// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Several threads using the DMA layer at once: accounting balances, nothing is lost or reported. */
class DmaConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 150;

    @Test
    @DisplayName("concurrent map/unmap on bounced and IOMMU devices: slots and IOVA balance, no dma-debug errors")
    void concurrentMapUnmap() throws Exception {
        try (DmaFixture f = DmaFixture.quiet()) {
            List<DmaDevice> devices = new ArrayList<>();
            List<PageRange> buffers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                DeviceSpec spec = DeviceSpec.of("dev" + t, "d").withDmaMask(DeviceSpec.bits(32));
                devices.add(f.device(t % 2 == 0 ? spec : spec.withIommu(IommuSpec.strict())));
                buffers.add(f.pages(2, Zone.NORMAL));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    DmaDevice dev = devices.get(t);
                    PageRange buf = buffers.get(t);
                    done.add(pool.submit(() -> rounds(f, dev, buf)));
                }
                for (Future<?> d : done) {
                    d.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(0, f.usedSwiotlbSlots());
            assertEquals(0, f.sim.dmaDebug().errorCount());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            for (DmaDevice dev : devices) {
                assertEquals(0, ((DeviceImpl) dev).liveMappings());
                dev.iommu().ifPresent(d -> assertTrue(d.iovaRanges().isEmpty()));
            }
            assertEquals(THREADS * ROUNDS * 2L, f.sim.counters().dmaMapCalls());
        }
    }

    private static void rounds(DmaFixture f, DmaDevice dev, PageRange buf) {
        for (int i = 0; i < ROUNDS; i++) {
            long addr = f.dma.mapPage(dev, buf.pfn(), 0, 8192, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertFalse(f.dma.mappingError(dev, addr));
            f.dma.unmapPage(dev, addr, 8192, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            SgTable t = f.dma.sgTableOf(List.of(buf));
            f.dma.mapSgtable(dev, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            f.dma.unmapSgtable(dev, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
        }
    }

    @Test
    @DisplayName("threads awaiting different fences of one queue: every job runs once, in submission order")
    void concurrentAwaits() throws Exception {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("dev", "d"));
            PageRange p = f.page(Zone.NORMAL);
            List<DmaJobHandle> handles = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                handles.add(dev.queue().submit(DmaJob.of("j" + i, new DmaStep.Fill(p.phys(), 512, (byte) i))));
            }
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<DmaJobResult>> results = new ArrayList<>();
                for (int i = handles.size() - 1; i >= 0; i--) {
                    DmaJobHandle h = handles.get(i);
                    results.add(pool.submit(h::await));
                }
                for (Future<DmaJobResult> r : results) {
                    assertTrue(r.get(60, TimeUnit.SECONDS).ok());
                }
            } finally {
                pool.shutdownNow();
            }
            long prevEnd = 0;
            for (DmaJobHandle h : handles) {
                DmaJobResult r = h.result().orElseThrow();
                assertTrue(r.startNs() >= prevEnd);
                prevEnd = r.endNs();
            }
            assertEquals(64 * 512L, f.sim.counters().deviceBytesWritten());
            assertEquals(63, f.dram(p.phys(), 1)[0], "the last job wrote last");
        }
    }
}
