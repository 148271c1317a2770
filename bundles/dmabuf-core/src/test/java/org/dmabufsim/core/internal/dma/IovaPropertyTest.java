// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;

class IovaPropertyTest {

    @Property(tries = 25)
    @Label("rule 94: through dma_map_page, IOVAs are never 0, size-aligned, below the mask and never overlap")
    void rule94_iovaInvariants(
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 1, max = 256 * 1024) Integer> sizes,
            @ForAll boolean lazy, @ForAll @IntRange(min = 0, max = 4095) int offset) {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("smmu", "d").withDmaMask(DeviceSpec.bits(32))
                    .withIommu(lazy ? IommuSpec.lazy() : IommuSpec.strict()));
            PageRange block = f.pages(7, Zone.NORMAL);
            List<long[]> live = new ArrayList<>();
            for (int i = 0; i < sizes.size(); i++) {
                int size = sizes.get(i);
                long handle = f.dma.mapPage(dev, block.pfn(), offset, size, DmaDirection.TO_DEVICE,
                        DmaAttrs.SKIP_CPU_SYNC);
                assertFalse(f.dma.mappingError(dev, handle));
                assertEquals(offset, handle & 4095);
                long granules = (offset + size + 4095L) / 4096;
                long align = Long.highestOneBit(granules) == granules ? granules : Long.highestOneBit(granules) << 1;
                long start = handle - offset;
                assertNotEquals(0, start);
                assertEquals(0, start % (align * 4096), "size-aligned");
                assertTrue(start + granules * 4096 - 1 <= DeviceSpec.bits(32));
                live.add(new long[] {handle, size});
                if (i % 3 == 2) {
                    long[] gone = live.remove(0);
                    f.dma.unmapPage(dev, gone[0], gone[1], DmaDirection.TO_DEVICE, DmaAttrs.SKIP_CPU_SYNC);
                }
            }
            List<IovaRange> ranges = dev.iommu().orElseThrow().iovaRanges();
            for (int i = 1; i < ranges.size(); i++) {
                assertTrue(ranges.get(i - 1).end() <= ranges.get(i).start(), "no overlap");
            }
            assertEquals(0, f.sim.dmaDebug().errorCount());
        }
    }
}
