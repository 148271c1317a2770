// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;

/** The page table's leaf map answers exactly as a map would, through growth and removals. */
class LeafMapTest {

    @Property(tries = 200)
    void behavesLikeAMap(@ForAll @Size(max = 2000) List<@IntRange(min = 0, max = 3000) Integer> ops) {
        LeafMap map = new LeafMap();
        Map<Long, IommuMapping> model = new HashMap<>();
        for (int op : ops) {
            long page = op % 1500 + ((op % 3) << 9); // neighbouring pages and 2 MiB strides
            if (op % 4 == 0) {
                map.remove(page);
                model.remove(page);
            } else {
                IommuMapping leaf = new IommuMapping(page << 12, 0x8000_0000L + (page << 12), 0x1000,
                        new IommuProt(IommuProt.READ), IommuPerm.RO);
                map.put(page, leaf);
                model.put(page, leaf);
            }
            assertSame(model.get(page), map.get(page));
        }
        for (long page = 0; page < 1500 + (2 << 9); page++) {
            assertSame(model.get(page), map.get(page), "page " + page);
        }
    }
}
