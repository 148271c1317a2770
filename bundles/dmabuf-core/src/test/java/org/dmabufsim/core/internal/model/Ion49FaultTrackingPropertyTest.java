// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Counters;

class Ion49FaultTrackingPropertyTest {
    private static final int PAGES = 16;

    @Property(tries = 40)
    @Label("rule 38: each map syncs exactly the pages touched since the last map, then every page faults again")
    void mapSyncsExactlyTheTouchedPages(@ForAll @Size(max = 4) List<@Size(max = 24) List<@IntRange(min = 0,
            max = PAGES - 1) Integer>> rounds, @ForAll boolean iommu) {
        try (ModelFixture f = new ModelFixture()) {
            DmaBuf buf = f.export(CachingModel.ION_4_9, PageExportInfo.FLAG_CACHED, 4);
            DmaBufAttachment a = buf.attach(iommu ? f.iommu("gpu0") : f.direct("cam0"));
            CpuMapping vma = buf.mmap(ModelFixture.OWNER, 0, PAGES);
            Ion49State state = Ion49Model.state(f.pageBuffer(buf));
            for (List<Integer> touches : rounds) {
                BitSet touched = new BitSet();
                for (int page : touches) {
                    vma.fill((long) page * ModelFixture.PAGE + page, 1, (byte) page);
                    touched.set(page);
                }
                assertEquals(touched, state.dirtyPages());
                Counters before = f.counters();
                buf.mapAttachment(a, DmaDirection.TO_DEVICE);
                Counters d = f.counters().minus(before);
                assertEquals(touched.cardinality(), d.dmaSyncCalls());
                assertEquals(64L * touched.cardinality(), d.linesWalked());
                assertEquals(new BitSet(), state.dirtyPages());
                for (int i = 0; i < PAGES; i++) {
                    assertFalse(vma.isPresent(i));
                    assertFalse(f.sim.cache().isDirty(vma.physAt((long) i * ModelFixture.PAGE + i)));
                }
            }
            assertEquals(0, f.sim.dmaDebug().errorCount());
        }
    }
}
