// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.sim.SimulationConfig;

/** A small simulation (64 MiB low, 64 MiB high); heaps use the built-in dma-heap caching model. */
final class HeapFixture {
    static final Owner OWNER = Owner.process(100);

    final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withMemory(new MemoryLayout(
            List.of(new DramBank(MemoryLayout.LOW_BANK_BASE, 64 * MemoryLayout.MIB),
                    new DramBank(MemoryLayout.HIGH_BANK_BASE, 64 * MemoryLayout.MIB)), List.of())));
    final DmaHeapsImpl heaps = sim.heaps();

    static HeapSpec spec(String name, int id) {
        return HeapSpec.of(name, "test", id, CachingModel.DMA_HEAP);
    }

    /** Pages handed out by the buddy zones. */
    long buddyUsedPages() {
        return sim.memory().stats().stream().filter(s -> s.kind() == null).mapToLong(RegionStats::usedPages).sum();
    }

    /** Pages used in reserved regions of that kind. */
    long regionUsedPages(RegionKind kind) {
        return sim.memory().stats().stream().filter(s -> s.kind() == kind).mapToLong(RegionStats::usedPages).sum();
    }
}
