// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.ErrnoException;

/** Reliability (b) invariants 1-2: page conservation and no page in two places, after every step. */
class SystemHeapAccountingPropertyTest {
    private static final long[] SIZES = {4096, 12288, 65536, 69632, 1 << 20, (1 << 20) + 69632, 3 << 20, 40 << 20};
    private static final long[] SCANS = {1, 7, 300, 100_000};

    /** One step: 0 allocate, 1 release, 2 shrink, 3 remove and re-add the heap. */
    record Op(int kind, int arg, boolean cached) {
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.integers().between(0, 3).edgeCases(c -> c.includeOnly(0)),
                Arbitraries.integers().between(0, 99), Arbitraries.of(true, false)).as(Op::new);
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 60)
    @Label("rule 66 / invariant 1: free + live + pooled + deferred == total after every step")
    void rule66_pageConservation(@ForAll("ops") List<Op> ops, @ForAll boolean starved) {
        Map<String, String> config = starved ? Map.of(SystemHeapFactory.KTHREAD, "starved") : Map.of();
        try (SystemFixture f = new SystemFixture(config)) {
            List<DmaBuf> live = new ArrayList<>();
            for (Op op : ops) {
                apply(f, op, live, config);
                check(f, live);
            }
            live.forEach(b -> b.put(SystemFixture.OWNER));
            f.sim.heaps().shrink("system", Long.MAX_VALUE);
            assertEquals(0, f.buddyUsed());
        }
    }

    private static void apply(SystemFixture f, Op op, List<DmaBuf> live, Map<String, String> config) {
        switch (op.kind()) {
            case 0 -> {
                try {
                    live.add(f.alloc(SIZES[op.arg() % SIZES.length], op.cached() ? PageExportInfo.FLAG_CACHED : 0));
                } catch (ErrnoException e) {
                    assertEquals(org.dmabufsim.sim.Errno.ENOMEM, e.errno());
                }
            }
            case 1 -> {
                if (!live.isEmpty()) {
                    live.remove(op.arg() % live.size()).put(SystemFixture.OWNER);
                }
            }
            case 2 -> f.sim.heaps().shrink("system", SCANS[op.arg() % SCANS.length]);
            default -> {
                f.sim.heaps().remove("system");
                f.sim.heaps().add(new org.dmabufsim.dmabuf.HeapSpec("system", SystemHeapFactory.TYPE_NAME, 0,
                        SystemFixture.MODEL, config), new SystemHeapFactory());
            }
        }
    }

    private static void check(SystemFixture f, List<DmaBuf> live) {
        HeapInfo info = f.sim.heaps().find("system").orElseThrow();
        long livePages = live.stream().mapToLong(DmaBuf::size).sum() / 4096;
        long held = info.stats().pooledPages() + info.stats().deferredPages();
        assertEquals(f.buddyUsed(), livePages + held);
        assertEquals(held, f.sim.heaps().shrink("system", 0));
        assertTrue(info.liveBuffers() <= live.size());
        List<PageRange> chunks = new ArrayList<>();
        live.forEach(b -> chunks.addAll(f.pageBuffer(b).pages()));
        chunks.sort(Comparator.comparingLong(PageRange::pfn));
        for (int i = 1; i < chunks.size(); i++) {
            assertTrue(chunks.get(i - 1).endPfn() <= chunks.get(i).pfn(), "no page in two buffers");
        }
    }
}
