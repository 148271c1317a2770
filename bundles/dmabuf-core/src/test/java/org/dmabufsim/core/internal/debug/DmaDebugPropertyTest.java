// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Invariants: correct use is silent and leaves nothing behind, also under concurrency. */
class DmaDebugPropertyTest {
    private static final DmaDirection[] DIRS = DmaDirection.values();

    @Property(tries = 100)
    @Label("rule 101: balanced, checked single mappings with in-range syncs report nothing and leave no entry")
    void rule101_correctUseIsSilent(@ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 2) Integer> dirs,
            @ForAll @IntRange(min = 1, max = 64) int pages) {
        DmaDebugImpl debug = new DmaDebugImpl(new KernelLogImpl("p", () -> 0), () -> 0);
        TestDevice dev = TestDevice.of("1a000000.camera", "camera");
        long size = pages * 4096L;
        for (int i = 0; i < dirs.size(); i++) {
            long dma = 0x1000_0000L + i * 0x100_0000L;
            DmaDirection dir = DIRS[dirs.get(i)];
            debug.mapPage(dev, 0x8000_0000L + i * size, size, dir, dma, DmaAttrs.NONE);
            debug.mappingError(dev, dma);
            debug.syncSingleForCpu(dev, dma + size / 2, size / 2, dir);
            debug.syncSingleForDevice(dev, dma, size, dir);
        }
        assertEquals(dirs.size(), debug.entries().size());
        for (int i = dirs.size() - 1; i >= 0; i--) {
            debug.unmapPage(dev, 0x1000_0000L + i * 0x100_0000L, size, DIRS[dirs.get(i)]);
        }
        assertEquals(0, debug.errorCount());
        assertEquals(List.of(), debug.entries());
        assertEquals("", debug.dump());
    }

    @Test
    @DisplayName("rule 101: concurrent devices mapping, syncing and unmapping correctly report nothing")
    void rule101_concurrentCorrectUse() throws Exception {
        DmaDebugImpl debug = new DmaDebugImpl(new KernelLogImpl("c", () -> 0), () -> 0);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                TestDevice dev = TestDevice.of("dev" + t, "drv");
                long base = 0x1000_0000L * (t + 1);
                futures.add(pool.submit(() -> hammer(debug, dev, base)));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(0, debug.errorCount());
        assertEquals(List.of(), debug.entries());
    }

    private static void hammer(DmaDebugImpl debug, TestDevice dev, long base) {
        for (int i = 0; i < 2000; i++) {
            long dma = base + (i % 64) * 0x2000L;
            debug.mapPage(dev, 0x8000_0000L + (i % 64) * 0x2000L, 0x2000, DmaDirection.TO_DEVICE, dma, DmaAttrs.NONE);
            debug.mappingError(dev, dma);
            debug.syncSingleForDevice(dev, dma, 0x1000, DmaDirection.TO_DEVICE);
            debug.unmapPage(dev, dma, 0x2000, DmaDirection.TO_DEVICE);
        }
    }
}
