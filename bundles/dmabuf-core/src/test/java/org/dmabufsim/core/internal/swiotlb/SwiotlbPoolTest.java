// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.swiotlb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.CostTable;
import org.dmabufsim.sim.KernelBug;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SwiotlbPoolTest {
    private static final long BASE = 0xf000_0000L;
    private static final long ORIG = 0x1_2340_0000L;
    private static final long SLOT = SwiotlbPool.IO_TLB_SIZE;

    private final Stats stats = new Stats(CostTable.defaults());
    private final KernelLogImpl log = new KernelLogImpl("t", stats::nowNs);
    private final SwiotlbPool pool = new SwiotlbPool(ReservedRegion.swiotlb(BASE, 1 << 20), log, stats::nowNs);

    @Test
    @DisplayName("rule 85: 2 KiB slots; a mapping takes whole slots")
    void rule85_slotRounding() {
        assertEquals(512, pool.totalSlots());
        assertEquals(BASE, pool.mapSingle(ORIG, 100, 100, 0));
        assertEquals(1, pool.usedSlots());
        assertEquals(BASE + SLOT, pool.mapSingle(ORIG, 2049, 2049, 0));
        assertEquals(3, pool.usedSlots());
    }

    @Test
    @DisplayName("rule 85: allocations of a page or more are page aligned")
    void rule85_pageAlignedForPageSizes() {
        pool.mapSingle(ORIG, 100, 100, 0); // slot 0, rotating index now 1
        long tlb = pool.mapSingle(ORIG, 4096, 4096, 0);
        assertEquals(BASE + 0x1000, tlb);
        assertEquals(3, pool.usedSlots());
    }

    @Test
    @DisplayName("rule 85: min_align_mask bits of the original address are kept, within and across slots")
    void rule85_minAlignMaskPreserved() {
        long a = pool.mapSingle(ORIG + 0x234, 0x100, 0x100, 0xfff);
        assertEquals(0x234, a & 0xfff);
        long b = pool.mapSingle(ORIG + 0xa34, 0x100, 0x100, 0xfff);
        assertEquals(0xa34, b & 0xfff);
        SwiotlbDevice nvme = SwiotlbDevice.ANONYMOUS.withMinAlignMask(0xfff);
        long c = pool.mapSingle(nvme, ORIG + 0xa34, 0x100, 0x100, 0xfff); // one padding slot before
        assertEquals(0xa34, c & 0xfff);
        long used = pool.usedSlots();
        pool.release(c, 0x100);
        assertEquals(used - 2, pool.usedSlots());
    }

    @Test
    @DisplayName("rule 85: the largest mapping is one segment, 256 KiB, less the min-align padding")
    void rule85_maxMappingSize() {
        assertEquals(256 * 1024, SwiotlbPool.maxMappingSize());
        assertEquals(256 * 1024 - 4096, SwiotlbPool.maxMappingSize(0xfff));
        assertEquals(256 * 1024 - 2048, SwiotlbPool.maxMappingSize(0x7ff));
        assertEquals(BASE, pool.mapSingle(ORIG, 256 * 1024, 256 * 1024, 0));
        assertEquals(128, pool.usedSlots());
    }

    @Test
    @DisplayName("rule 85: more than a segment never fits: 'swiotlb buffer is full' exactly, and -1")
    void rule85_fullMessage() {
        pool.mapSingle(ORIG, 256 * 1024, 256 * 1024, 0);
        assertEquals(SwiotlbPool.MAPPING_ERROR, pool.mapSingle(ORIG, 256 * 1024 + 1, 256 * 1024 + 1, 0));
        assertEquals("swiotlb buffer is full (sz: 262145 bytes), total 512 (slots), used 128 (slots)",
                log.records().get(0).message());
        assertEquals(KernelLog.Level.WARN, log.records().get(0).level());
        assertEquals(128, pool.usedSlots());
    }

    @Test
    @DisplayName("rule 85: the message names the device as dev_warn does")
    void rule85_fullMessageWithDevice() {
        SwiotlbDevice dev = SwiotlbDevice.of(DeviceSpec.of("1a000000.camera", "camera"));
        for (int i = 0; i < 4; i++) {
            pool.mapSingle(dev, ORIG, 256 * 1024, 256 * 1024, 0);
        }
        assertEquals(SwiotlbPool.MAPPING_ERROR, pool.mapSingle(dev, ORIG, 4096, 4096, 0));
        assertEquals("camera 1a000000.camera: swiotlb buffer is full (sz: 4096 bytes), total 512 (slots), "
                + "used 512 (slots)", log.records().get(0).message());
    }

    @Test
    @DisplayName("rule 85: a mapping never crosses a segment: what does not fit goes to the next one")
    void rule85_segmentBoundary() {
        assertEquals(BASE, pool.mapSingle(ORIG, 100 * SLOT, 100 * SLOT, 0));
        assertEquals(BASE + 128 * SLOT, pool.mapSingle(ORIG, 32 * SLOT, 32 * SLOT, 0));
        assertEquals(132, pool.usedSlots());
        // The rotating index is now 160: first fit from there, not the 28-slot hole left in segment 0.
        assertEquals(BASE + 160 * SLOT, pool.mapSingle(ORIG, 28 * SLOT, 28 * SLOT, 0));
    }

    @Test
    @DisplayName("a device segment boundary is honoured in DMA address space")
    void deviceSegmentBoundary() {
        SwiotlbDevice dev = new SwiotlbDevice(null, null, 0, 0xffff, 0);
        assertEquals(BASE, pool.mapSingle(dev, ORIG, 20 * SLOT, 20 * SLOT, 0));
        assertEquals(BASE + 32 * SLOT, pool.mapSingle(dev, ORIG, 20 * SLOT, 20 * SLOT, 0));
    }

    @Test
    @DisplayName("rule 85: release gives the slots back: four full segments fit again")
    void rule85_releaseRestores() {
        long[] tlb = new long[4];
        for (int i = 0; i < 4; i++) {
            tlb[i] = pool.mapSingle(ORIG, 256 * 1024, 256 * 1024, 0);
        }
        assertEquals(SwiotlbPool.MAPPING_ERROR, pool.mapSingle(ORIG, 2048, 2048, 0));
        for (long t : tlb) {
            pool.release(t, 256 * 1024);
        }
        assertEquals(0, pool.usedSlots());
        assertEquals(0, pool.mappings());
        for (int i = 0; i < 4; i++) {
            assertTrue(pool.mapSingle(ORIG, 256 * 1024, 256 * 1024, 0) >= BASE);
        }
    }

    @Test
    @DisplayName("the search starts at the rotating index, not at the lowest free slot")
    void rotatingIndex() {
        long a = pool.mapSingle(ORIG, 100, 100, 0);
        pool.release(a, 100);
        assertEquals(BASE + SLOT, pool.mapSingle(ORIG, 100, 100, 0));
    }

    @Test
    @DisplayName("io_tlb_orig_addr: each bounce byte maps back to its original byte while mapped")
    void origAddr() {
        long tlb = pool.mapSingle(ORIG + 0x10, 5000, 5000, 0);
        assertEquals(BASE, tlb);
        assertEquals(ORIG + 0x10, pool.origAddr(tlb));
        assertEquals(ORIG + 0x10 + 4000, pool.origAddr(tlb + 4000));
        assertEquals(1000, pool.allocSize(tlb + 4000));
        assertEquals(SwiotlbPool.INVALID_PHYS_ADDR, pool.origAddr(tlb + 5000));
        pool.release(tlb, 5000);
        assertEquals(SwiotlbPool.INVALID_PHYS_ADDR, pool.origAddr(tlb));
        assertEquals(0, pool.allocSize(tlb));
    }

    @Test
    @DisplayName("releasing what is not mapped is a kernel BUG, logged")
    void releaseUnmappedIsBug() {
        long tlb = pool.mapSingle(ORIG, 5000, 5000, 0);
        assertThrows(KernelBug.class, () -> pool.release(tlb + 16, 5000));
        assertThrows(KernelBug.class, () -> pool.release(BASE + 64 * SLOT, 100));
        pool.release(tlb, 5000);
        KernelBug twice = assertThrows(KernelBug.class, () -> pool.release(tlb, 5000));
        assertEquals("swiotlb: release of unmapped bounce buffer 0xf0000000", twice.getMessage());
        assertEquals(3, log.count(KernelLog.Level.BUG));
        assertEquals(0, pool.usedSlots());
    }

    @Test
    @DisplayName("mapping size above alloc size: 'Invalid sizes' warned once, -1")
    void invalidSizes() {
        assertEquals(SwiotlbPool.MAPPING_ERROR, pool.mapSingle(ORIG, 200, 100, 0));
        assertEquals(SwiotlbPool.MAPPING_ERROR, pool.mapSingle(ORIG, 300, 100, 0));
        assertEquals(1, log.records().size());
        assertEquals("Invalid sizes (mapping: 200 bytes, alloc: 100 bytes)", log.records().get(0).message());
    }

    @Test
    @DisplayName("an empty allocation is BUG_ON(!nslots)")
    void emptyIsBug() {
        assertThrows(KernelBug.class, () -> pool.mapSingle(ORIG, 0, 0, 0));
        assertEquals(0, pool.usedSlots());
    }

    @Test
    @DisplayName("the pool covers whole segments of its region")
    void geometry() {
        SwiotlbPool odd = new SwiotlbPool(ReservedRegion.swiotlb(BASE, 300 * 1024), log, stats::nowNs);
        assertEquals(128, odd.totalSlots());
        assertEquals(BASE + 256 * 1024, odd.end());
        assertTrue(odd.contains(BASE));
        assertTrue(!odd.contains(BASE + 256 * 1024));
        assertThrows(IllegalArgumentException.class,
                () -> new SwiotlbPool(ReservedRegion.cma("cma", BASE, 1 << 20), log, stats::nowNs));
    }
}
