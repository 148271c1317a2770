// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The present-line index answers range queries exactly like a sorted set of lines. */
class LineIndexPropertyTest {
    /** Lines around a 2 MiB chunk boundary (line 1 << 15) of a high address. */
    private static final long BASE = (0x8_8000_0000L >>> 6) + (1L << 15) - 3000;

    @Property(tries = 300)
    void rangeQueriesMatchASortedSet(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 6000) Integer> ops,
            @ForAll @IntRange(min = 0, max = 6000) int from, @ForAll @IntRange(min = 0, max = 6000) int span) {
        LineIndex index = new LineIndex();
        TreeSet<Long> model = new TreeSet<>();
        for (int op : ops) {
            long line = BASE + op;
            if (model.contains(line)) {
                index.remove(line);
                model.remove(line);
            } else {
                index.add(line);
                model.add(line);
            }
        }
        long first = BASE + from;
        long last = first + span;
        long[] expected = model.subSet(first, true, last, true).stream().mapToLong(Long::longValue).toArray();
        assertArrayEquals(expected, index.present(first, last));
        long page = first >>> 6;
        long mask = 0;
        for (long line : model.subSet(page << 6, true, (page << 6) + 63, true)) {
            mask |= 1L << (line & 63);
        }
        assertEquals(mask, index.mask(page));
        assertArrayEquals(new long[0], index.present(last, first - 1));
    }
}
