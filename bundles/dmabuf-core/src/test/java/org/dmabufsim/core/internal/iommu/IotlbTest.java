// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IotlbEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IotlbTest {
    private static IotlbEntry page(long iova) {
        return new IotlbEntry(iova, 0x8000_0000L + iova, 0xfff, IommuPerm.RW);
    }

    private static List<Long> survivors(long seed) {
        Iotlb tlb = new Iotlb(4, new RandomStreams(seed).stream("iotlb:dev"));
        for (long i = 0; i < 10; i++) {
            tlb.insert(page(i << 12));
        }
        List<Long> out = new ArrayList<>();
        for (long i = 0; i < 10; i++) {
            if (tlb.lookup(i << 12) != null) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    @DisplayName("bounded: never more than its capacity; seeded replacement is reproducible")
    void boundedAndDeterministic() {
        List<Long> a = survivors(7);
        assertEquals(4, a.size());
        assertEquals(a, survivors(7));
    }

    @Test
    @DisplayName("lookup finds a page before the block that contains it")
    void smallestPageFirst() {
        Iotlb tlb = new Iotlb(8, new RandomStreams(1).stream("t"));
        IotlbEntry block = new IotlbEntry(0x20_0000, 0x9000_0000L, 0x1f_ffff, IommuPerm.RO);
        tlb.insert(block);
        tlb.insert(page(0x20_1000));
        assertEquals(page(0x20_1000), tlb.lookup(0x20_1010));
        assertEquals(block, tlb.lookup(0x20_2000));
        assertNull(tlb.lookup(0x40_0000));
    }

    @Test
    @DisplayName("range invalidation drops every entry overlapping the range, blocks included")
    void invalidateRange() {
        Iotlb tlb = new Iotlb(8, new RandomStreams(1).stream("t"));
        tlb.insert(new IotlbEntry(0x20_0000, 0x9000_0000L, 0x1f_ffff, IommuPerm.RO));
        tlb.insert(page(0x40_0000));
        tlb.insert(page(0x40_1000));
        assertEquals(2, tlb.invalidateRange(0x3f_f000, 0x2000));
        assertEquals(1, tlb.size());
        assertEquals(page(0x40_1000), tlb.lookup(0x40_1000));
        tlb.invalidateAll();
        assertEquals(0, tlb.size());
    }

    @Test
    @DisplayName("every change moves the generation; a block is shadowed only while smaller entries are cached")
    void generationAndShadowing() {
        Iotlb tlb = new Iotlb(2, new RandomStreams(1).stream("t"));
        IotlbEntry block = new IotlbEntry(0x20_0000, 0x9000_0000L, 0x1f_ffff, IommuPerm.RW);
        long g0 = tlb.generation();
        tlb.insert(block);
        long g1 = tlb.generation();
        assertTrue(g1 != g0);
        assertFalse(tlb.shadowed(block));
        tlb.insert(page(0x20_1000));
        assertTrue(tlb.shadowed(block));
        assertFalse(tlb.shadowed(page(0x20_1000)));
        long g2 = tlb.generation();
        assertTrue(g2 != g1);
        tlb.insert(page(0x50_0000)); // full: evicts one at random
        assertTrue(tlb.generation() != g2);
        assertEquals(2, tlb.size());
        tlb.invalidateRange(0, 1L << 30);
        assertFalse(tlb.shadowed(block));
        tlb.insert(page(0x60_0000));
        long g3 = tlb.generation();
        assertEquals(0, tlb.invalidateRange(0x70_0000, 0x1000));
        assertEquals(g3, tlb.generation(), "nothing dropped, nothing changed");
        tlb.invalidateAll();
        assertTrue(tlb.generation() != g3);
        assertFalse(tlb.shadowed(block));
    }
}
