// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Device close (driver unbind) with leftovers: rule 105 and the teardown order of DeviceImpl. */
class DeviceUnbindTest {
    private static final DeviceSpec CAM = DeviceSpec.of("1a000000.camera", "camera").withDmaMask(DeviceSpec.bits(32));
    private static final DeviceSpec GPU = DeviceSpec.of("fd000000.gpu", "gpu").withIommu(IommuSpec.strict());

    private static List<DmaDebugReport> leaks(DmaFixture f) {
        return f.sim.dmaDebug().reports().stream().filter(r -> r.error() == DmaDebugError.LEAK_AT_UNBIND).toList();
    }

    @Test
    @DisplayName("rule 105: close runs queued jobs, reports once, copies bounce data back, frees the slot")
    void rule105_bouncedLeftovers() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            PageRange buf = f.pages(1, Zone.NORMAL);
            long addr = f.dma.mapPage(cam, buf.pfn(), 0, 8192, DmaDirection.FROM_DEVICE, DmaAttrs.NONE);
            f.dma.mappingError(cam, addr);
            DmaJobHandle job = cam.queue().submit(DmaJob.of("frame", new DmaStep.Fill(addr, 8192, (byte) 0x9d)));

            cam.close();
            assertTrue(job.fence().isSignaled(), "queued jobs run before unbind");
            assertEquals(0, job.fence().error());
            List<DmaDebugReport> leaks = leaks(f);
            assertEquals(1, leaks.size());
            assertEquals(String.format(java.util.Locale.ROOT, "DMA-API: camera 1a000000.camera: device driver has "
                    + "pending DMA allocations while released from device [count=1]\nOne of leaked entries details: "
                    + "[device address=0x%016x] [size=8192 bytes] [mapped with DMA_FROM_DEVICE] [mapped as single]",
                    addr), leaks.get(0).message());
            assertArrayEquals(DmaFixture.filled(8192, 0x9d), f.cpuRead(buf.phys(), 8192));
            assertEquals(0, f.usedSwiotlbSlots());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
            assertEquals(0, ((DeviceImpl) cam).liveMappings());

            cam.close();
            assertEquals(1, leaks(f).size(), "close is idempotent");
        }
    }

    @Test
    @DisplayName("after close every call with the device is ENODEV; the name is free again")
    void closedDeviceIsEnodev() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice cam = f.device(CAM);
            PageRange p = f.page(Zone.NORMAL);
            SgTable t = f.dma.sgTableOf(List.of(p));
            cam.close();
            assertTrue(cam.isClosed());
            assertTrue(f.sim.devices().find(CAM.name()).isEmpty());
            assertTrue(f.sim.devices().list().isEmpty());
            List<Runnable> calls = List.of(
                () -> f.dma.mapPage(cam, p.pfn(), 0, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE),
                () -> f.dma.unmapPage(cam, p.phys(), 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE),
                () -> f.dma.mapSgtable(cam, t, DmaDirection.TO_DEVICE, DmaAttrs.NONE),
                () -> f.dma.syncSgtableForDevice(cam, t, DmaDirection.TO_DEVICE),
                () -> f.dma.mappingError(cam, 0),
                () -> f.dma.allocCoherent(cam, 4096),
                () -> f.dma.maxMappingSize(cam),
                () -> cam.queue().submit(DmaJob.of("late", new DmaStep.Read(p.phys(), 64))));
            for (Runnable call : calls) {
                assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, call::run).errno());
            }
            DmaDevice again = f.device(CAM);
            assertSame(again, f.sim.devices().find(CAM.name()).orElseThrow());
            assertFalse(again.isClosed());
        }
    }

    @Test
    @DisplayName("rule 105: IOMMU leftovers: IOVA unmapped and freed, coherent buffers freed, one report with the"
            + " count")
    void rule105_iommuLeftovers() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            long normalFree = freePages(f, "Normal");
            SgTable t = f.dma.sgTableOf(List.of(f.pages(2, Zone.NORMAL)));
            f.dma.mapSgtable(gpu, t, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            PageRange p = f.page(Zone.NORMAL);
            f.dma.mapPage(gpu, p.pfn(), 0, 100, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            CoherentBuffer cb = f.dma.allocCoherent(gpu, 4096);
            IommuDomainView dom = gpu.iommu().orElseThrow();
            assertEquals(3, dom.iovaRanges().size());

            gpu.close();
            assertEquals(1, leaks(f).size());
            assertTrue(leaks(f).get(0).message().contains("[count=3]"));
            assertEquals(0, dom.mappedPages());
            assertTrue(dom.iovaRanges().isEmpty());
            assertFalse(cb.cpu().isMapped());
            assertEquals(normalFree - 4 - 1, freePages(f, "Normal"), "only the coherent page went back");
        }
    }

    @Test
    @DisplayName("rule 105: a lazy domain's leftovers are unmapped and its flush queue flushed at unbind")
    void rule105_lazyDomainFlushedAtUnbind() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaFixture.Mapped kept = f.mapNewPage(DeviceSpec.of("lazy.gpu", "gpu").withIommu(IommuSpec.lazy()),
                    DmaDirection.TO_DEVICE);
            long gone = f.dma.mapPage(kept.dev(), kept.page().pfn(), 0, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            f.dma.mappingError(kept.dev(), gone);
            f.dma.unmapPage(kept.dev(), gone, 4096, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            IommuDomainView dom = kept.dev().iommu().orElseThrow();
            assertEquals(2, dom.iovaRanges().size(), "one live, one queued");
            long invalidations = f.sim.counters().iotlbInvalidations();

            kept.dev().close();
            assertTrue(dom.iovaRanges().isEmpty());
            assertEquals(0, dom.mappedPages());
            assertEquals(invalidations + 1, f.sim.counters().iotlbInvalidations(), "one flush for both");
            assertTrue(leaks(f).get(0).message()
                    .contains(String.format(java.util.Locale.ROOT, "0x%016x", kept.addr())));
        }
    }

    @Test
    @DisplayName("unbind detaches dma-buf attachments through the exporter; only the unbinding thread may still map")
    void unbindForceDetachesThroughExporter() throws Exception {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(GPU);
            MappingExporter exporter = new MappingExporter(f.dma, List.of(f.pages(1, Zone.NORMAL)), gpu);
            DmaBuf buf = f.sim.dmabufs().export(new ExportInfo("test-exporter", 8192, exporter, ExportInfo.O_RDWR,
                    Owner.kernel("test")));
            DmaBufAttachment a = buf.attach(gpu);
            SgTable t = buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
            assertEquals(1, t.nents());

            gpu.close();
            assertEquals(1, exporter.unmaps.size(), "ops->unmap_dma_buf ran during unbind");
            assertNull(exporter.unmaps.get(0), "the exporter's dma_unmap_sgtable worked on the unbinding thread");
            assertEquals(Errno.ENODEV, exporter.otherThread.get().errno());
            assertFalse(a.isAttached());
            assertTrue(buf.attachments().isEmpty());
            assertTrue(leaks(f).get(0).message().contains("[count=1]"));
            assertEquals(1, f.sim.dmaDebug().errorCount(), "only the leak report: the exporter's unmap matched");
            assertTrue(gpu.iommu().orElseThrow().iovaRanges().isEmpty());
            assertEquals(0, ((DeviceImpl) gpu).liveMappings());
        }
    }

    private static long freePages(DmaFixture f, String zone) {
        return f.sim.memory().stats().stream().filter(s -> s.name().equals(zone)).mapToLong(RegionStats::freePages)
                .sum();
    }

    /** An exporter whose map/unmap go through the DMA API, and which probes the device from another thread. */
    private static final class MappingExporter implements DmaBufOps {
        final List<RuntimeException> unmaps = new ArrayList<>();
        final AtomicReference<ErrnoException> otherThread = new AtomicReference<>();
        private final DmaMapping dma;
        private final List<PageRange> pages;
        private final DmaDevice probe;

        MappingExporter(DmaMapping dma, List<PageRange> pages, DmaDevice probe) {
            this.dma = dma;
            this.pages = pages;
            this.probe = probe;
        }

        @Override
        public SgTable mapDmaBuf(DmaBufAttachment attachment, DmaDirection direction) {
            SgTable t = dma.sgTableOf(pages);
            dma.mapSgtable(attachment.device(), t, direction, DmaAttrs.NONE);
            return t;
        }

        @Override
        public void unmapDmaBuf(DmaBufAttachment attachment, SgTable table, DmaDirection direction) {
            Thread other = new Thread(() -> {
                try {
                    dma.mappingError(probe, 0);
                } catch (ErrnoException e) {
                    otherThread.set(e);
                }
            });
            other.start();
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                dma.unmapSgtable(attachment.device(), table, direction, DmaAttrs.NONE);
                unmaps.add(null);
            } catch (RuntimeException e) {
                unmaps.add(e);
            }
        }

        @Override
        public void release(DmaBuf dmabuf) {
            // the pages belong to the test
        }
    }
}
