// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import java.util.List;
import java.util.Map;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/** A simulation of 64 MiB low + 64 MiB high RAM with the system heap "system" (id 0, {@link #MODEL}) added. */
final class SystemFixture implements AutoCloseable {
    static final Owner OWNER = Owner.process(100);
    static final long KIB = 1024;
    static final long MIB = MemoryLayout.MIB;
    static final long TOTAL_PAGES = 128 * MIB / 4096;
    /** The built-in ION model: user mappings cacheable for cached buffers, write-combine otherwise. */
    static final String MODEL = CachingModel.ION_4_12;

    final Simulation sim;

    SystemFixture() {
        this(Map.of());
    }

    SystemFixture(Map<String, String> config) {
        sim = Simulation.create(SimulationConfig.defaults().withMemory(new MemoryLayout(
                List.of(new DramBank(MemoryLayout.LOW_BANK_BASE, 64 * MIB),
                        new DramBank(MemoryLayout.HIGH_BANK_BASE, 64 * MIB)), List.of())));
        sim.heaps().add(new HeapSpec("system", SystemHeapFactory.TYPE_NAME, 0, MODEL, config),
                new SystemHeapFactory());
    }

    /** A policy of this simulation outside the registry, to look into its pools. */
    SystemHeapPolicy policy(SystemHeapPolicy.Kthread kthread) {
        return new SystemHeapPolicy("system", sim, kthread);
    }

    /** A context for factory tests. */
    HeapContext context(HeapSpec spec) {
        return new HeapContext() {
            @Override
            public Simulation sim() {
                return sim;
            }

            @Override
            public HeapSpec spec() {
                return spec;
            }
        };
    }

    DmaBuf alloc(long len, long flags) {
        return sim.heaps().allocate("system", len, flags, ExportInfo.O_RDWR, OWNER);
    }

    HeapStats stats() {
        return sim.heaps().find("system").orElseThrow().stats();
    }

    /** Pages handed out by the buddy zones. */
    long buddyUsed() {
        return sim.memory().stats().stream().filter(s -> s.kind() == null).mapToLong(RegionStats::usedPages).sum();
    }

    /** Takes every free buddy block of {@code order} and above, then of each lower order, until none is left. */
    List<PageRange> hogAll(int order) {
        List<PageRange> taken = new java.util.ArrayList<>();
        for (int o = order; o >= 0; o--) {
            while (true) {
                try {
                    taken.add(sim.memory().allocPages(o, Zone.NORMAL));
                } catch (org.dmabufsim.sim.ErrnoException e) {
                    break;
                }
            }
        }
        return taken;
    }

    /** The caching model's view of a buffer: its chunks and its own table. */
    PageBuffer pageBuffer(DmaBuf buf) {
        return sim.dmabufs().pageBuffer(buf).orElseThrow();
    }

    /** Chunk orders of a live buffer. */
    List<Integer> orders(DmaBuf buf) {
        return pageBuffer(buf).pages().stream().map(PageRange::order).toList();
    }

    @Override
    public void close() {
        sim.close();
    }
}
