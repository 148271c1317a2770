// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.CoherentBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CoherentAllocTest {

    @Test
    @DisplayName("rule 95: non-coherent dma_alloc_coherent: prep_coherent (clean+invalidate), write-combine, zeroed")
    void rule95_nonCoherentAlloc() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("disp", "display"));
            long walked = f.sim.counters().linesWalked();
            CoherentBuffer b = f.dma.allocCoherent(dev, 100);
            assertEquals(64, f.sim.counters().linesWalked() - walked, "arch_dma_prep_coherent over the page");
            assertEquals(MemAttr.WRITE_COMBINE, b.cpu().attr());
            assertEquals(b.pages().phys(), b.dmaAddress());
            assertEquals(1, b.pages().count());
            assertEquals(100, b.size());
            assertEquals("disp", b.device());
            assertArrayEquals(new byte[4096], b.cpu().read(0, 4096));
            assertFalse(f.sim.cache().isPresent(b.pages().phys()));
            assertEquals(List.of(new DmaDebugEntry("display", "disp", "coherent", b.dmaAddress(), 100,
                    b.pages().phys(), DmaDirection.BIDIRECTIONAL, 0, 0, false)), f.sim.dmaDebug().entries());
        }
    }

    @Test
    @DisplayName("a coherent device gets a cacheable CPU mapping and no maintenance")
    void coherentAlloc() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("coh", "d").withCoherent(true));
            long walked = f.sim.counters().linesWalked();
            CoherentBuffer b = f.dma.allocCoherent(dev, 4096);
            assertEquals(walked, f.sim.counters().linesWalked());
            assertEquals(MemAttr.CACHEABLE, b.cpu().attr());
            assertTrue(f.sim.cache().isDirty(b.pages().phys()), "memset through the cache");
            b.cpu().write(0, DmaFixture.filled(16, 0x5e));
            assertArrayEquals(DmaFixture.filled(16, 0x5e), f.deviceRead(dev, b.dmaAddress(), 16), "snooped");
        }
    }

    @Test
    @DisplayName("a 32-bit device gets pages below 4 GiB; more than a page comes from the default CMA area")
    void zonesAndCma() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice narrow = f.device(DeviceSpec.of("narrow", "d").withDmaMask(DeviceSpec.bits(32)));
            CoherentBuffer one = f.dma.allocCoherent(narrow, 4096);
            assertTrue(one.pages().phys() + 4095 <= 0xffff_ffffL);
            long cmaUsed = cmaUsed(f);
            CoherentBuffer big = f.dma.allocCoherent(narrow, 3 * 4096 + 1);
            assertEquals(4, big.pages().count());
            assertEquals(cmaUsed + 4, cmaUsed(f));
            assertEquals(0, big.pages().pfn() % 4, "cma_alloc aligned to the order");
            f.dma.freeCoherent(narrow, big);
            assertEquals(cmaUsed, cmaUsed(f));
            assertFalse(big.cpu().isMapped());
        }
    }

    @Test
    @DisplayName("an IOMMU device's buffer is reached through an IOVA and freed with it")
    void iommuAlloc() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice gpu = f.device(DeviceSpec.of("gpu", "gpu").withIommu(IommuSpec.strict()));
            CoherentBuffer b = f.dma.allocCoherent(gpu, 8192);
            var dom = gpu.iommu().orElseThrow();
            assertEquals(b.dmaAddress(), dom.iovaRanges().get(0).start());
            assertEquals(b.pages().phys(), dom.translate(b.dmaAddress()).orElseThrow().translatedAddr());
            b.cpu().write(0, DmaFixture.filled(8, 3));
            f.sim.cpu().barrier();
            assertArrayEquals(DmaFixture.filled(8, 3), f.deviceRead(gpu, b.dmaAddress(), 8));
            f.dma.freeCoherent(gpu, b);
            assertTrue(dom.iovaRanges().isEmpty());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
        }
    }

    @Test
    @DisplayName("rule 100: freeing a buffer twice is reported by dma-debug and frees nothing twice")
    void rule100_doubleFree() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("disp", "display"));
            CoherentBuffer b = f.dma.allocCoherent(dev, 4096);
            f.dma.freeCoherent(dev, b);
            f.dma.freeCoherent(dev, b);
            assertEquals(1, f.sim.dmaDebug().errorCount(DmaDebugError.UNMAP_NOT_ALLOCATED));
        }
    }

    @Test
    @DisplayName("dma_alloc_coherent with no memory that fits: ENOMEM, nothing held")
    void noMemory() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice tiny = f.device(DeviceSpec.of("tiny", "d").withDmaMask(DeviceSpec.bits(24)));
            ErrnoException e = assertThrows(ErrnoException.class, () -> f.dma.allocCoherent(tiny, 4096));
            assertEquals(Errno.ENOMEM, e.errno());
            assertEquals(0, ((DeviceImpl) tiny).liveMappings());
            assertTrue(f.sim.dmaDebug().entries().isEmpty());
        }
    }

    private static long cmaUsed(DmaFixture f) {
        return f.sim.memory().stats().stream().filter(s -> s.name().equals("linux,cma"))
                .mapToLong(RegionStats::usedPages).sum();
    }
}
