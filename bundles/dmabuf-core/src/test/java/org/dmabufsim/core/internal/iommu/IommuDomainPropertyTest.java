// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.PageTableFormat;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

class IommuDomainPropertyTest {
    private static final long PAGE = 4096;
    private static final long MASK_32 = 0xffff_ffffL;
    private static final IommuProt RW = new IommuProt(IommuProt.READ | IommuProt.WRITE);

    /** (kind 0-9, pages, pick). */
    @Provide
    Arbitrary<List<Tuple3<Integer, Integer, Integer>>> ops() {
        return Arbitraries.integers().between(0, 9).flatMap(kind -> Arbitraries.integers().between(1, 600)
                .flatMap(pages -> Arbitraries.integers().between(0, 1000).map(pick -> Tuple.of(kind, pages, pick))))
                .list().ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 100)
    @Label("rules 91-94: page accounting balances, IOVA ranges stay disjoint in the limit, live mappings translate")
    void rules91to94_domainInvariants(@ForAll("ops") List<Tuple3<Integer, Integer, Integer>> ops,
            @ForAll boolean lazy) {
        Fixture fx = new Fixture();
        IommuSpec spec = new IommuSpec(lazy ? IommuDomainType.DMA_FQ : IommuDomainType.DMA, 48,
                PageTableFormat.ARM_64_LPAE_S1, 4);
        IommuDomain d = new IommuDomain("dev", spec, MASK_32, 0, fx.ctx);
        List<long[]> live = new ArrayList<>(); // {iova, size, phys}
        for (Tuple3<Integer, Integer, Integer> op : ops) {
            if (op.get1() < 3 && !live.isEmpty()) {
                long[] m = live.remove(op.get3() % live.size());
                assertEquals(m[1], d.unmap(m[0], m[1]));
                if (!lazy) {
                    assertFalse(d.translate(m[0], false).ok(), "strict unmap must fault at once");
                }
            } else if (op.get1() == 3) {
                d.flushQueue();
            } else {
                long size = op.get2() * PAGE;
                long iova = d.allocIova(size);
                long phys = 0x8000_0000L + (op.get3() % 2 == 0 ? 0x20_0000L * op.get3() : PAGE * op.get3());
                assertEquals(size, d.map(iova, phys, size, RW));
                live.add(new long[] {iova, size, phys});
            }
            assertEquals(fx.stats.iommuPagesMapped.sum() - fx.stats.iommuPagesUnmapped.sum(), d.mappedPages());
            assertRangesSane(d.iovaRanges());
            for (long[] m : live) {
                long probe = m[0] + (op.get3() * PAGE) % m[1];
                assertEquals(m[2] + probe - m[0], d.translate(probe, true).phys());
            }
        }
        live.forEach(m -> d.unmap(m[0], m[1]));
        d.flushQueue();
        assertEquals(0, d.mappedPages());
        assertEquals(List.of(), d.iovaRanges());
    }

    private static void assertRangesSane(List<IovaRange> ranges) {
        long prevEnd = PAGE;
        for (IovaRange r : ranges) {
            assertTrue(r.start() >= prevEnd, "overlap or IOVA 0");
            assertTrue(r.end() - 1 <= MASK_32, "beyond the limit");
            prevEnd = r.end();
        }
    }
}
