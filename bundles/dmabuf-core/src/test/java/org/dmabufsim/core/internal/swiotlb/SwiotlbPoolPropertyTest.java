// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.swiotlb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.mem.ReservedRegion;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple3;

class SwiotlbPoolPropertyTest {
    private static final long BASE = 0xf000_0000L;
    private static final long SEGMENT = SwiotlbPool.IO_TLB_SIZE * SwiotlbPool.IO_TLB_SEGSIZE;
    private static final long[] MIN_ALIGN = {0, 0xfff, 0x3};

    /** (release instead of map, size, pick: original offset / mask / victim). */
    @Provide
    Arbitrary<List<Tuple3<Boolean, Long, Integer>>> ops() {
        Arbitrary<Tuple3<Boolean, Long, Integer>> op = Arbitraries.integers().between(0, 9).flatMap(kind ->
                Arbitraries.longs().between(1, 300 * 1024).flatMap(size ->
                        Arbitraries.integers().between(0, 1 << 16).map(pick -> Tuple.of(kind < 4, size, pick))));
        return op.list().ofMinSize(1).ofMaxSize(150);
    }

    @Property(tries = 200)
    @Label("rule 85: live bounce buffers never overlap, never cross a segment, keep min-align bits; used slots balance")
    void rule85_poolInvariants(@ForAll("ops") List<Tuple3<Boolean, Long, Integer>> ops) {
        SwiotlbPool pool = new SwiotlbPool(ReservedRegion.swiotlb(BASE, 2 << 20), new KernelLogImpl("p", () -> 0),
                () -> 0);
        List<long[]> live = new ArrayList<>(); // {tlb, size}
        for (Tuple3<Boolean, Long, Integer> op : ops) {
            if (op.get1() && !live.isEmpty()) {
                long[] victim = live.remove(op.get3() % live.size());
                pool.release(victim[0], victim[1]);
                continue;
            }
            long mask = MIN_ALIGN[op.get3() % MIN_ALIGN.length];
            long orig = 0x1_0000_0000L + (op.get3() & 0xfff) * 8L + 1;
            long tlb = pool.mapSingle(orig, op.get2(), op.get2(), mask);
            if (op.get2() + (orig & mask & (SwiotlbPool.IO_TLB_SIZE - 1)) > SEGMENT) {
                assertEquals(SwiotlbPool.MAPPING_ERROR, tlb, "larger than a segment must fail");
            } else if (live.isEmpty() && op.get2() <= SwiotlbPool.maxMappingSize(mask)) {
                assertTrue(tlb != SwiotlbPool.MAPPING_ERROR, "max_mapping_size must fit an empty pool");
            }
            if (tlb == SwiotlbPool.MAPPING_ERROR) {
                continue;
            }
            assertEquals(orig & mask, tlb & mask, "min-align bits lost");
            assertEquals((tlb - BASE) / SEGMENT, (tlb + op.get2() - 1 - BASE) / SEGMENT, "crosses a segment");
            for (long k = 0; k < op.get2(); k += 1 + op.get2() / 7) {
                assertEquals(orig + k, pool.origAddr(tlb + k), "orig_addr of byte " + k);
            }
            assertEquals(orig + op.get2() - 1, pool.origAddr(tlb + op.get2() - 1));
            if (((tlb - BASE) & (SwiotlbPool.IO_TLB_SIZE - 1)) != 0) { // the head slot is all ours
                assertEquals(SwiotlbPool.INVALID_PHYS_ADDR, pool.origAddr(tlb - 1), "byte before the mapping");
            }
            live.add(new long[] {tlb, op.get2()});
        }
        assertDisjoint(live);
        for (long[] m : live) {
            pool.release(m[0], m[1]);
        }
        assertEquals(0, pool.usedSlots());
        assertEquals(0, pool.mappings());
    }

    private static void assertDisjoint(List<long[]> live) {
        TreeMap<Long, Long> byStart = new TreeMap<>();
        live.forEach(m -> byStart.put(m[0], m[0] + m[1]));
        assertEquals(live.size(), byStart.size());
        long prevEnd = BASE;
        for (var e : byStart.entrySet()) {
            assertTrue(e.getKey() >= prevEnd, "overlapping bounce buffers");
            prevEnd = e.getValue();
        }
    }
}
