// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.sim.ErrnoException;

/** The walk finds, for every address, exactly the leaf the list of mappings says covers it. */
class IoPageTableLeafPropertyTest {
    private static final long K4 = 0x1000;
    private static final long M2 = 0x20_0000;
    private static final IommuProt RW = new IommuProt(IommuProt.READ | IommuProt.WRITE);

    @Property(tries = 200)
    void leafMatchesTheMappings(@ForAll @Size(max = 30) List<@IntRange(min = 0, max = 0xfffff) Integer> ops,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 8 * 512 - 1) Integer> probes) {
        IoPageTable pt = new Fixture().pageTable();
        for (int op : ops) {
            long iova = (op & 7) * M2 + ((op >>> 3) & 1) * ((op >>> 4) % 512) * K4; // 2 MiB-aligned or a page
            long size = ((op >>> 13) & 1) == 0 ? M2 : ((op >>> 14) % 64 + 1) * K4;
            try {
                if (((op >>> 19) & 1) == 0) {
                    pt.map(iova, 0x8000_0000L + iova, Math.min(size, 8 * M2 - iova), RW);
                } else {
                    pt.unmap(iova, Math.min(size, 8 * M2 - iova));
                }
            } catch (ErrnoException e) {
                // over an existing leaf: refused, nothing changed
            }
        }
        for (int probe : probes) {
            long iova = probe * K4 + (probe % 7) * 0x100;
            Optional<IommuMapping> expected = pt.mappings().stream()
                    .filter(m -> iova >= m.iova() && iova < m.iova() + m.size()).findFirst();
            assertEquals(expected, pt.leaf(iova), "iova " + Long.toHexString(iova));
        }
    }
}
