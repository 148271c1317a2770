// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code iommu_dma_map_sg}'s layout and {@code __finalise_sg} (rules 89, 90), without a domain. */
class IommuSgLayoutTest {
    private static final long IOVA = 1L << 40;

    @Provide
    Arbitrary<List<SgSegment>> segments() {
        // whole pages often, so that merging happens; odd offsets and lengths sometimes
        Arbitrary<Long> offsets = Arbitraries.oneOf(Arbitraries.just(0L), Arbitraries.longs().between(0, 4095));
        Arbitrary<Long> lengths = Arbitraries.oneOf(Arbitraries.of(4096L, 8192L, 12288L),
                Arbitraries.longs().between(1, 12 * 1024));
        return Combinators.combine(Arbitraries.longs().between(1, 1 << 20), offsets, lengths).as(SgSegment::new)
                .list().ofMinSize(1).ofMaxSize(24);
    }

    @Property(tries = 300)
    @Label("rule 90: merged DMA segments cover exactly the CPU data, in order, within the IOVA range,"
            + " bounded by max_seg_size and never across the segment boundary")
    void rule90_finaliseInvariants(@ForAll("segments") List<SgSegment> segs,
            @ForAll("maxSegs") long maxSeg, @ForAll("boundaries") long boundary) {
        SgTable t = SgTableImpl.of(segs);
        IommuSgLayout layout = IommuSgLayout.of(t, segs.size(), boundary);
        int count = layout.finalise(t, IOVA, maxSeg, boundary);

        long cpuTotal = segs.stream().mapToLong(SgSegment::length).sum();
        long dmaTotal = 0;
        long prevEnd = IOVA;
        for (int i = 0; i < count; i++) {
            long addr = t.get(i).dmaAddress();
            long len = t.get(i).dmaLength();
            dmaTotal += len;
            assertTrue(addr >= prevEnd, "segments ascend");
            if (segs.stream().allMatch(s -> s.length() <= maxSeg)) {
                // (with a CPU segment longer than max_seg_size the kernel's unsigned check wraps)
                assertTrue(len <= maxSeg, "bounded by max_seg_size");
            }
            assertEquals(0, (addr ^ (addr + len - 1)) & ~boundary, "no segment crosses the boundary");
            prevEnd = addr + len;
        }
        assertTrue(prevEnd <= IOVA + layout.iovaLength());
        assertEquals(cpuTotal, dmaTotal);
        for (int i = count; i < segs.size(); i++) {
            assertEquals(DmaMapping.DMA_MAPPING_ERROR, t.get(i).dmaAddress());
            assertEquals(0, t.get(i).dmaLength());
        }
    }

    @Provide
    Arbitrary<Long> maxSegs() {
        return Arbitraries.of(4096L, 16 * 1024L, 64 * 1024L, 1L << 20);
    }

    @Provide
    Arbitrary<Long> boundaries() {
        return Arbitraries.of(0xffffL, 0xfffffL, 0xffff_ffffL, -1L);
    }

    @Property(tries = 100)
    @Label("rule 89: the widened segments are granule aligned and their runs tile the IOVA range")
    void rule89_runsTileTheRange(@ForAll("segments") List<SgSegment> segs,
            @ForAll("boundaries") long boundary) {
        SgTable t = SgTableImpl.of(segs);
        IommuSgLayout layout = IommuSgLayout.of(t, segs.size(), boundary);
        List<long[]> runs = new ArrayList<>();
        layout.forEachRun((off, phys, len) -> runs.add(new long[] {off, phys, len}));
        long next = 0;
        for (long[] r : runs) {
            assertEquals(next, r[0]);
            assertEquals(0, (r[1] | r[2]) & 4095);
            next += r[2];
        }
        assertEquals(layout.iovaLength(), next);
    }

    @Test
    @DisplayName("rule 90: page-aligned whole pages merge; an unaligned start or a short tail ends the merge")
    void rule90_mergeRules() {
        SgTable t = SgTableImpl.of(List.of(new SgSegment(10, 0, 4096), new SgSegment(20, 0, 4096),
                new SgSegment(30, 0, 100), new SgSegment(40, 0, 4096), new SgSegment(50, 8, 4088)));
        IommuSgLayout layout = IommuSgLayout.of(t, 5, 0xffff_ffffL);
        assertEquals(5 * 4096, layout.iovaLength());
        assertEquals(3, layout.finalise(t, IOVA, 64 * 1024, 0xffff_ffffL));
        assertEquals(List.of(IOVA, IOVA + 3 * 4096, IOVA + 4 * 4096 + 8),
                List.of(t.get(0).dmaAddress(), t.get(1).dmaAddress(), t.get(2).dmaAddress()));
        assertEquals(List.of(2L * 4096 + 100, 4096L, 4088L),
                List.of(t.get(0).dmaLength(), t.get(1).dmaLength(), t.get(2).dmaLength()));
    }
}
