// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.dmabufsim.core.internal.cache.CacheFixtures.dram;
import static org.dmabufsim.core.internal.cache.CacheFixtures.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.CostTable;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CpuImplTest {
    private static final int PAGE = 4096;
    private static final long PFN = P / PAGE;

    @Test
    @DisplayName("the linear map faults (EFAULT) on no-map carveouts and outside DRAM")
    void linearMapFaults() {
        SimulationConfig cfg = SimulationConfig.defaults().withCache(CacheConfig.quiet()).withMemory(
                MemoryLayout.defaults().withReserved(ReservedRegion.carveout("fw", 0x9000_0000L, 1 << 20, true)));
        SimulationImpl sim = CacheFixtures.sim(cfg);
        CpuMapping lm = sim.cpu().linearMap();
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class, () -> lm.read(0x9000_0000L, 4)).errno());
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class, () -> lm.write(0x1_0000_0000L, new byte[1])).errno());
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class, () -> lm.fill(0x8FFF_FFF0L, 32, (byte) 1)).errno());
        assertEquals(0, sim.cache().presentLines());
        assertEquals(P, lm.physAt(P));
    }

    @Test
    @DisplayName("a vmap maps its pages in order; physAt follows the ranges")
    void vmapOffsets() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping m = sim.cpu().map(List.of(new PageRange(PFN + 10, 2), new PageRange(PFN, 1)), MemAttr.CACHEABLE);
        assertEquals(3 * PAGE, m.size());
        assertEquals(P + 10 * PAGE + 5, m.physAt(5));
        assertEquals(P + 7, m.physAt(2 * PAGE + 7));
        m.write(2 * PAGE - 2, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new byte[] {3, 4}, sim.cpu().linearMap().read(P, 2));
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class, () -> m.read(3 * PAGE - 1, 2)).errno());
    }

    @Test
    @DisplayName("rule 54: write-combine stores wait in the mapping's buffer until barrier; its own loads see them")
    void writeCombineBuffersUntilBarrier() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping wc = sim.cpu().map(List.of(new PageRange(PFN, 2)), MemAttr.WRITE_COMBINE);
        CpuMapping other = sim.cpu().map(List.of(new PageRange(PFN, 2)), MemAttr.WRITE_COMBINE);
        wc.write(100, filled(200, 0x99));
        assertArrayEquals(new byte[200], dram(sim, P + 100, 200));
        assertArrayEquals(filled(200, 0x99), wc.read(100, 200));
        assertArrayEquals(new byte[200], other.read(100, 200), "another mapping's buffer is not visible");
        sim.cpu().barrier();
        assertArrayEquals(filled(200, 0x99), dram(sim, P + 100, 200));
        assertEquals(600, sim.counters().uncachedCpuBytes());
        assertEquals(0, sim.cache().presentLines(), "write-combine never touches the cache");
    }

    @Test
    @DisplayName("rule 63: write-combine unmap and zap drain; a whole-page fill of zeros drops DRAM backing")
    void writeCombineDrainsOnUnmapAndZap() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.memory().writeDram(P, filled(PAGE, 5), 0, PAGE);
        CpuMapping wc = sim.cpu().map(List.of(new PageRange(PFN, 4)), MemAttr.WRITE_COMBINE);
        wc.fill(0, 4 * PAGE, (byte) 0);
        wc.write(PAGE + 1, new byte[] {7});
        assertArrayEquals(new byte[] {0, 7, 0}, wc.read(PAGE, 3));
        wc.zap();
        assertEquals(PAGE, sim.memory().hostBytes(), "page 0 dropped, page 1 backed");
        wc.write(0, new byte[] {3});
        wc.unmap();
        assertEquals(3, dram(sim, P, 1)[0]);
        assertFalse(wc.isMapped());
        assertThrows(IllegalStateException.class, () -> wc.read(0, 1));
    }

    @Test
    @DisplayName("write-combine bypasses the cache: a dirty linear-map line stays as it was")
    void writeCombineIgnoresCacheAlias() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.cpu().linearMap().write(P, filled(LINE, 0x12));
        CpuMapping wc = sim.cpu().map(List.of(new PageRange(PFN, 1)), MemAttr.WRITE_COMBINE);
        assertArrayEquals(new byte[LINE], wc.read(0, LINE));
        wc.write(0, filled(LINE, 0x34));
        sim.cpu().barrier();
        assertArrayEquals(filled(LINE, 0x12), sim.cpu().linearMap().read(P, LINE));
        sim.cache().cleanInvalidate(P, LINE);
        assertArrayEquals(filled(LINE, 0x12), dram(sim, P, LINE), "the alias' writeback clobbers the WC data");
    }

    @Test
    @DisplayName("device memory: every access goes to DRAM at once, counted and charged as uncached")
    void deviceMemory() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping dev = sim.cpu().map(List.of(new PageRange(PFN, 1)), MemAttr.DEVICE);
        double ns = sim.stats().cpuNs();
        dev.write(8, filled(16, 0x42));
        assertArrayEquals(filled(16, 0x42), dram(sim, P + 8, 16));
        assertEquals(16, sim.counters().uncachedCpuBytes());
        assertEquals(16 * CostTable.defaults().uncachedNsPerByte(), sim.stats().cpuNs() - ns, 1e-9);
        assertEquals(0, sim.cache().presentLines());
    }

    @Test
    @DisplayName("rule 38/79: fault-tracked mapping: a touch faults once per page; zap makes pages absent again")
    void faultTracked() {
        SimulationImpl sim = CacheFixtures.quiet();
        List<String> faults = new ArrayList<>();
        CpuMapping m = sim.cpu().mapFaulting(List.of(new PageRange(PFN, 3)), MemAttr.CACHEABLE, (map, page, write) -> {
            faults.add(page + (write ? "w" : "r"));
            map.insertPage(page);
            return true;
        });
        assertFalse(m.isPresent(0));
        m.read(10, 4);
        m.read(20, 4);
        m.write(PAGE - 2, new byte[] {1, 2, 3, 4});
        assertEquals(List.of("0r", "1w"), faults);
        assertTrue(m.isPresent(1));
        assertFalse(m.isPresent(2));
        m.zap();
        assertFalse(m.isPresent(0));
        m.read(0, 1);
        assertEquals(List.of("0r", "1w", "0r"), faults);
        assertArrayEquals(new byte[] {3, 4}, sim.cpu().linearMap().read(P + PAGE, 2));
    }

    @Test
    @DisplayName("fault-tracked mapping: a handler that refuses is SIGBUS (EFAULT)")
    void faultSigbus() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuMapping m = sim.cpu().mapFaulting(List.of(new PageRange(PFN, 1)), MemAttr.CACHEABLE,
                (map, page, write) -> false);
        ErrnoException e = assertThrows(ErrnoException.class, () -> m.write(0, new byte[1]));
        assertEquals(Errno.EFAULT, e.errno());
        assertTrue(e.getMessage().contains("SIGBUS"), e.getMessage());
        assertEquals(0, sim.cache().presentLines());
    }

    @Test
    @DisplayName("rule 73 __GFP_ZERO: clear_page is lazy, 1 GiB costs O(cache), dirty lines within capacity")
    void clearPagesLazy() {
        SimulationImpl sim = CacheFixtures.quiet();
        long pages = (1L << 30) / PAGE;
        sim.memory().writeDram(P, filled(PAGE, 0xAA), 0, PAGE);
        sim.memory().writeDram(P + (pages - 1) * PAGE, filled(PAGE, 0xBB), 0, PAGE);
        sim.cpu().linearMap().write(P + PAGE, filled(LINE, 0xCC));
        sim.cpu().clearPages(new PageRange(PFN, pages));
        long capacityLines = CacheConfig.quiet().capacityBytes() / LINE;
        assertEquals(capacityLines / 2, sim.cache().dirtyLines());
        assertEquals(1L << 30, sim.counters().cpuBytesZeroed());
        assertTrue(sim.stats().cpuNs() >= (1L << 30) * CostTable.defaults().cpuCopyNsPerByte());
        assertArrayEquals(new byte[PAGE], dram(sim, P, PAGE), "written and evicted long ago");
        assertFalse(sim.cache().isPresent(P + PAGE), "the old dirty line was overwritten and evicted");
        assertArrayEquals(new byte[LINE], sim.cpu().linearMap().read(P + PAGE, LINE));
        assertArrayEquals(filled(PAGE, 0xBB), dram(sim, P + (pages - 1) * PAGE, PAGE), "the tail sits in the cache");
        assertTrue(sim.cache().isDirty(P + (pages - 1) * PAGE));
        assertEquals(PAGE, sim.memory().hostBytes());
    }

    @Test
    @DisplayName("rule 73/95 known answer: 0xAA, clearPages, invalidate -> 0xAA again; clean instead -> 0")
    void clearPagesKnownAnswer() {
        for (boolean clean : new boolean[] {false, true}) {
            SimulationImpl sim = CacheFixtures.quiet();
            sim.memory().writeDram(P, filled(PAGE, 0xAA), 0, PAGE);
            sim.cpu().clearPages(new PageRange(PFN, 1));
            assertArrayEquals(new byte[PAGE], sim.cpu().linearMap().read(P, PAGE), "the CPU sees its zeros");
            if (clean) {
                sim.cache().clean(P, PAGE);
            } else {
                sim.cache().invalidate(P, PAGE);
            }
            assertArrayEquals(filled(PAGE, clean ? 0 : 0xAA), sim.cpu().linearMap().read(P, PAGE));
        }
    }

    @Test
    @DisplayName("clearPages needs a linear alias: no-map memory is EFAULT")
    void clearPagesNoMap() {
        SimulationConfig cfg = SimulationConfig.defaults().withCache(CacheConfig.quiet()).withMemory(
                MemoryLayout.defaults().withReserved(ReservedRegion.carveout("fw", 0x9000_0000L, 1 << 20, true)));
        SimulationImpl sim = CacheFixtures.sim(cfg);
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                () -> sim.cpu().clearPages(new PageRange(0x90000, 1))).errno());
    }
}
