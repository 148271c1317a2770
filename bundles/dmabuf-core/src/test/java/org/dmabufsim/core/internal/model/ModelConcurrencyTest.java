// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The models used from several threads at once: no deadlock, counts balance. */
class ModelConcurrencyTest {
    private static final int ROUNDS = 300;

    @Test
    @DisplayName("rule 38: CPU faults on a tracked mapping race with maps of other importers (lock order holds)")
    void ion49FaultsRaceWithMaps() throws Exception {
        try (ModelFixture f = new ModelFixture()) {
            DmaBuf buf = f.export(CachingModel.ION_4_9, PageExportInfo.FLAG_CACHED, 3);
            CpuMapping vma = buf.mmap(ModelFixture.OWNER, 0, 8);
            List<DmaBufAttachment> importers = List.of(buf.attach(f.direct("cam0")), buf.attach(f.iommu("gpu0")));
            RandomGenerator random = f.sim.random("test.cpu");
            ExecutorService pool = Executors.newFixedThreadPool(3);
            long syncsBefore = f.counters().dmaSyncCalls();
            try {
                List<Future<?>> done = new ArrayList<>();
                done.add(pool.submit(() -> {
                    for (int i = 0; i < ROUNDS * 4; i++) {
                        vma.fill((long) random.nextInt(8) * ModelFixture.PAGE, 64, (byte) i);
                    }
                }));
                for (DmaBufAttachment a : importers) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            SgTable t = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
                            buf.unmapAttachment(a, t, DmaDirection.TO_DEVICE);
                        }
                    }));
                }
                for (Future<?> d : done) {
                    d.get(120, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Ion49State state = Ion49Model.state(f.pageBuffer(buf));
            buf.mapAttachment(importers.get(0), DmaDirection.TO_DEVICE);
            assertEquals(0, state.dirtyPages().cardinality());
            assertEquals(state.pagesSynced(), f.counters().dmaSyncCalls() - syncsBefore);
            assertTrue(state.pagesSynced() <= ROUNDS * 4L, "a page is synced at most once per fault");
            assertEquals(0, f.sim.dmaDebug().errorCount());
        }
    }

    @Test
    @DisplayName("rules 56, 76: begin/end race with attach/map/unmap/detach; every map balanced by an unmap")
    void syncingModelsRaceWithAttachments() throws Exception {
        for (String model : List.of(CachingModel.ION_4_12, CachingModel.DMA_HEAP)) {
            try (ModelFixture f = new ModelFixture()) {
                DmaBuf buf = f.export(model, PageExportInfo.FLAG_CACHED, 1, 0);
                List<DmaDevice> devices = List.of(f.direct("cam0"), f.iommu("gpu0"), f.iommu("npu0"));
                ExecutorService pool = Executors.newFixedThreadPool(devices.size() + 1);
                try {
                    List<Future<?>> done = new ArrayList<>();
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < ROUNDS; i++) {
                            buf.beginCpuAccess(DmaDirection.BIDIRECTIONAL);
                            buf.endCpuAccess(DmaDirection.BIDIRECTIONAL);
                        }
                    }));
                    for (DmaDevice dev : devices) {
                        done.add(pool.submit(() -> {
                            for (int i = 0; i < ROUNDS / 3; i++) {
                                DmaBufAttachment a = buf.attach(dev);
                                SgTable t = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
                                buf.unmapAttachment(a, t, DmaDirection.TO_DEVICE);
                                buf.detach(a);
                            }
                        }));
                    }
                    for (Future<?> d : done) {
                        d.get(120, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertEquals(List.of(), buf.attachments(), model);
                assertEquals(f.counters().dmaMapCalls(), f.counters().dmaUnmapCalls(), model);
                assertTrue(f.sim.dmaDebug().entries().isEmpty(), model);
                devices.forEach(d -> d.iommu().ifPresent(v -> assertEquals(0, v.mappedPages(), model)));
            }
        }
    }
}
