// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;

/**
 * A20 as a property (rules 89-92, 94): any number of scattered pages maps into one IOVA range, as
 * back-to-back DMA segments of exactly {@code max_seg_size} (the last one shorter), and unmap gives
 * every page-table entry and the IOVA back.
 */
class A20IommuMergePropertyTest {

    @Property(tries = 40)
    @Label("A20 / rules 90, 92: merged segments are max_seg_size each, contiguous, and unmap leaves nothing")
    void a20_mergedSegmentsTileOneIovaRange_rule90(@ForAll @IntRange(min = 1, max = 64) int pages,
            @ForAll @IntRange(min = 1, max = 16) int maxSegPages) {
        try (Soc soc = Soc.quiet()) {
            long maxSeg = (long) maxSegPages * Soc.PAGE;
            DmaDevice gpu = soc.device(DeviceSpec.of("gpu0", "gpu").withDmaMask(DeviceSpec.bits(32))
                    .withMaxSegmentSize(maxSeg).withIommu(IommuSpec.strict()));
            PageRange block = soc.pages(7, Zone.NORMAL);
            List<Long> pfns = new ArrayList<>();
            for (int i = 0; i < pages; i++) {
                pfns.add(block.pfn() + 2L * i); // no two pages adjacent: one CPU entry each
            }
            SgTable t = soc.dma.sgTableFromPages(pfns);
            int nents = soc.dma.mapSg(gpu, t, pages, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);

            long total = (long) pages * Soc.PAGE;
            assertEquals((int) ((total + maxSeg - 1) / maxSeg), nents);
            IommuDomainView dom = gpu.iommu().orElseThrow();
            IovaRange range = dom.iovaRanges().get(0);
            assertEquals(1, dom.iovaRanges().size());
            assertTrue(range.start() != 0 && range.end() - 1 <= DeviceSpec.bits(32));
            for (int i = 0; i < nents; i++) {
                assertEquals(range.start() + i * maxSeg, t.get(i).dmaAddress());
                assertEquals(Math.min(maxSeg, total - i * maxSeg), t.get(i).dmaLength());
            }
            assertEquals(pages, dom.mappedPages());
            assertEquals(nents, soc.sim.dmaDebug().entries("gpu0").size());

            soc.dma.unmapSg(gpu, t, pages, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
            assertEquals(0, dom.mappedPages());
            assertEquals(List.of(), dom.iovaRanges());
            assertEquals(List.of(), soc.sim.dmaDebug().entries());
            assertEquals(0, soc.sim.dmaDebug().errorCount());
        }
    }
}
