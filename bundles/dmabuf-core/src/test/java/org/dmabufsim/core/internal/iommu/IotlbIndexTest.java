// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The IOTLB's open-addressing table answers exactly as a map would, through puts, removals and clears. */
class IotlbIndexTest {

    @Property(tries = 300)
    void behavesLikeAMap(@ForAll @Size(max = 400) List<@IntRange(min = 0, max = 4000) Integer> ops) {
        IotlbIndex index = new IotlbIndex(128);
        Map<Long, Integer> model = new HashMap<>();
        for (int op : ops) {
            long key = ((long) (op % 200) << 12) | (op % 3); // neighbouring 4 KiB IOVAs with a level
            if (op >= 3900) {
                index.clear();
                model.clear();
            } else if (op % 5 == 0 || model.size() >= 128) {
                index.remove(key);
                model.remove(key);
            } else {
                index.put(key, op);
                model.put(key, op);
            }
            assertEquals(model.getOrDefault(key, -1), index.get(key));
        }
        for (long k = 0; k < 200; k++) {
            for (int level = 0; level < 3; level++) {
                long key = (k << 12) | level;
                assertEquals(model.getOrDefault(key, -1), index.get(key), "key " + Long.toHexString(key));
            }
        }
    }

    @Test
    @DisplayName("removals in the middle of probe runs keep the later members reachable")
    void backwardShiftDeletion() {
        for (int seed = 0; seed < 64; seed++) {
            IotlbIndex index = new IotlbIndex(8); // 16 buckets, filled to half
            for (int i = 0; i < 8; i++) {
                index.put(((long) (seed * 8 + i)) << 21, i);
            }
            for (int i = 0; i < 8; i += 3) {
                index.remove(((long) (seed * 8 + i)) << 21);
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i % 3 == 0 ? -1 : i, index.get(((long) (seed * 8 + i)) << 21));
            }
        }
    }
}
