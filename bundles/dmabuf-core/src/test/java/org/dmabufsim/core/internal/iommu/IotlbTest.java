// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
}
