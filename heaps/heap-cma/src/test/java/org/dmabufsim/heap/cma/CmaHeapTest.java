// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.cma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CmaHeapTest {
    private static final long MIB = MemoryLayout.MIB;
    private static final long LOW = MemoryLayout.LOW_BANK_BASE;
    private static final long CMA_BASE = LOW + 8 * MIB + 4096 * 3;
    private static final Owner OWNER = Owner.process(100);

    @AutoClose
    private final Simulation sim = Simulation.create(SimulationConfig.defaults().withMemory(new MemoryLayout(
            List.of(new DramBank(LOW, 64 * MIB)),
            List.of(ReservedRegion.cma("linux,cma", CMA_BASE, 16 * MIB),
                    ReservedRegion.carveout("camera", LOW + 32 * MIB, MIB, false)))));

    CmaHeapTest() {
        sim.heaps().add(spec("linux,cma", 2).with(CmaHeapFactory.AREA, "linux,cma"), new CmaHeapFactory());
    }

    private static HeapSpec spec(String name, int id) {
        return HeapSpec.of(name, CmaHeapFactory.TYPE_NAME, id, CachingModel.DMA_HEAP);
    }

    private DmaBuf alloc(long len) {
        return sim.heaps().allocate("linux,cma", len, 0, ExportInfo.O_RDWR, OWNER);
    }

    private PageBuffer pageBuffer(DmaBuf buf) {
        return sim.dmabufs().pageBuffer(buf).orElseThrow();
    }

    private PageRange range(DmaBuf buf) {
        List<PageRange> pages = pageBuffer(buf).pages();
        assertEquals(1, pages.size());
        return pages.get(0);
    }

    private long cmaUsed() {
        return sim.memory().stats().stream().filter(s -> s.name().equals("linux,cma")).mapToLong(RegionStats::usedPages)
                .sum();
    }

    @Test
    void getOrderIsTheKernels() {
        assertEquals(0, CmaHeapPolicy.getOrder(1));
        assertEquals(0, CmaHeapPolicy.getOrder(4096));
        assertEquals(1, CmaHeapPolicy.getOrder(4097));
        assertEquals(1, CmaHeapPolicy.getOrder(8192));
        assertEquals(2, CmaHeapPolicy.getOrder(12288));
        assertEquals(8, CmaHeapPolicy.getOrder(MIB));
        assertEquals(9, CmaHeapPolicy.getOrder(MIB + 4096));
    }

    @Test
    @DisplayName("rules 65, 78: one contiguous chunk aligned to min(get_order(size), CONFIG_CMA_ALIGNMENT)")
    void rule78_alignmentAndContiguity() {
        DmaBuf page = alloc(4096);
        assertEquals(new PageRange(CMA_BASE >> 12, 1), range(page), "order 0: first fit at the base");
        DmaBuf three = alloc(12288);
        assertEquals(0, range(three).pfn() % 4, "get_order(12 KiB) = 2");
        assertEquals(3, range(three).count(), "the count is the page count, not the order's");
        DmaBuf big = alloc(2 * MIB + 4096);
        assertEquals(0, range(big).pfn() % 256, "order 10 is capped at CONFIG_CMA_ALIGNMENT 8");
        assertEquals(0x201, range(big).count());
        List<Scatterlist> sg = pageBuffer(big).table().entries();
        assertEquals(1, sg.size(), "one sg entry");
        assertEquals(2 * MIB + 4096, sg.get(0).length());
        assertEquals(1 + 3 + 0x201, cmaUsed());
    }

    @Test
    @DisplayName("rule 78: a buffer reads zero through the CPU even when the area held data, also after reuse")
    void rule78_zeroedOnAllocation() {
        byte[] junk = new byte[64 * 1024];
        Arrays.fill(junk, (byte) 0xab);
        sim.memory().writeDram(CMA_BASE, junk, 0, junk.length);
        DmaBuf buf = alloc(junk.length);
        CpuMapping map = buf.mmap(OWNER, 0, 16);
        assertArrayEquals(new byte[junk.length], map.read(0, junk.length));
        map.fill(0, junk.length, (byte) 0xff);
        map.unmap();
        PageRange first = range(buf);
        buf.put(OWNER);
        DmaBuf again = alloc(junk.length);
        assertEquals(first, range(again), "first fit gives the same range back");
        CpuMapping map2 = again.mmap(OWNER, 0, 16);
        assertArrayEquals(new byte[junk.length], map2.read(0, junk.length));
        map2.unmap();
    }

    @Test
    @DisplayName("rule 65, A6 item 11: an exhausted area is ENOMEM; after one free the same size succeeds")
    void rule65_exhaustionThenSuccessAfterAFree() {
        List<DmaBuf> bufs = new ArrayList<>();
        // 16 MiB from an unaligned base: the 1 MiB alignment leaves room for 15 buffers.
        while (true) {
            try {
                bufs.add(alloc(MIB));
            } catch (ErrnoException e) {
                assertEquals(Errno.ENOMEM, e.errno());
                break;
            }
        }
        assertEquals(15, bufs.size());
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> alloc(MIB)).errno());
        bufs.remove(7).put(OWNER);
        assertEquals(14 * 256, cmaUsed(), "no deferred free: the pages are back at once");
        bufs.add(alloc(MIB));
        assertEquals(15 * 256, cmaUsed());
        assertEquals(new HeapStats(0, 0), sim.heaps().find("linux,cma").orElseThrow().stats());
        assertEquals(0, sim.heaps().shrink("linux,cma", 0));
    }

    @Test
    @DisplayName("rule 78: a missing area setting, an unknown area or a region that is not CMA is ENODEV")
    void rule78_badAreaIsEnodev() {
        CmaHeapFactory factory = new CmaHeapFactory();
        for (HeapSpec bad : List.of(spec("a", 3), spec("b", 3).with(CmaHeapFactory.AREA, "nope"),
                spec("c", 3).with(CmaHeapFactory.AREA, "camera"))) {
            ErrnoException e = assertThrows(ErrnoException.class, () -> sim.heaps().add(bad, factory));
            assertEquals(Errno.ENODEV, e.errno(), bad.name());
        }
        assertEquals(List.of("linux,cma"), sim.heaps().list().stream().map(i -> i.name()).toList());
    }

    @Test
    @DisplayName("H1: a live CMA buffer of a removed heap goes back to its area at release")
    void h1_liveBufferReleasesToTheAreaAfterRemove() {
        DmaBuf buf = alloc(MIB);
        CmaHeapComponent component = new CmaHeapComponent();
        sim.heaps().add(spec("second", 5).with(CmaHeapFactory.AREA, "linux,cma"), component);
        DmaBuf other = sim.heaps().allocate("second", 8192, 0, ExportInfo.O_RDWR, OWNER);
        assertEquals(1, sim.heaps().removeAll(component));
        assertEquals(true, sim.heaps().remove("linux,cma"));
        assertEquals(256 + 2, cmaUsed());
        buf.put(OWNER);
        other.put(OWNER);
        assertEquals(0, cmaUsed());
        assertEquals("cma", component.type());
    }
}
