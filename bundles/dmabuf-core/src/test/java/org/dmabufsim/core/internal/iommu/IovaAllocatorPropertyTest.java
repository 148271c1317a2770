// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

class IovaAllocatorPropertyTest {
    private static final long PAGE = 4096;
    private static final long[] LIMITS = {(1L << 48) - 1, 0xffff_ffffL, 0x3f_ffffL, 0x1ff_ffffL};

    /** (free instead of alloc, size in bytes, limit index or victim index). */
    @Provide
    Arbitrary<List<Tuple3<Boolean, Long, Integer>>> ops() {
        Arbitrary<Tuple3<Boolean, Long, Integer>> op = Arbitraries.integers().between(0, 9).flatMap(kind ->
                Arbitraries.longs().between(1, 80 * PAGE).flatMap(size ->
                        Arbitraries.integers().between(0, 1000).map(pick -> Tuple.of(kind < 3, size, pick))));
        return op.list().ofMinSize(1).ofMaxSize(120);
    }

    @Property(tries = 200)
    @Label("rule 94: allocated ranges never overlap, never contain 0, stay under the limit and are size-aligned")
    void rule94_allocatorInvariants(@ForAll("ops") List<Tuple3<Boolean, Long, Integer>> ops) {
        IovaAllocator iovad = new IovaAllocator(new Fixture().log);
        List<long[]> live = new ArrayList<>(); // {iova, size}
        for (Tuple3<Boolean, Long, Integer> op : ops) {
            if (op.get1() && !live.isEmpty()) {
                long[] victim = live.remove(op.get3() % live.size());
                iovad.freeIova(victim[0], victim[1]);
                continue;
            }
            long limit = LIMITS[op.get3() % LIMITS.length];
            long iova = iovad.allocIova(op.get2(), limit);
            if (iova == 0) {
                continue;
            }
            long reserved = IovaAllocator.iovaLen(op.get2()) * PAGE;
            assertTrue(iova >= PAGE, "IOVA page 0 handed out");
            assertTrue(iova + reserved - 1 <= limit, "beyond the limit");
            long align = Long.highestOneBit(reserved) == reserved ? reserved : Long.highestOneBit(reserved) << 1;
            assertEquals(0, iova % align, "not size-aligned");
            live.add(new long[] {iova, op.get2()});
        }
        assertDisjoint(iovad.rbtreeRanges());
        assertEquals(live.size(), iovad.ranges().size());
    }

    private static void assertDisjoint(Map<Long, Long> ranges) {
        long prevEnd = PAGE;
        for (Map.Entry<Long, Long> r : ranges.entrySet()) {
            assertTrue(r.getKey() >= prevEnd, "overlap or page 0 at " + Long.toHexString(r.getKey()));
            prevEnd = r.getValue();
        }
    }
}
