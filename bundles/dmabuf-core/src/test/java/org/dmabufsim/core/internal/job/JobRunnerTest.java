// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.sim.SimulationConfig;

/** The burst rule of device jobs, on a recording bus. */
class JobRunnerTest {
    private static final long DRAM = 0x8000_0000L;

    /** An identity view of low DRAM that records every burst. */
    private static final class RecordingBus implements DeviceBus {
        final List<long[]> bursts = new ArrayList<>();

        @Override
        public BusAccess access(long dmaAddress, int length, boolean write) {
            bursts.add(new long[] {dmaAddress, length, write ? 1 : 0});
            return BusAccess.ok(DRAM + dmaAddress);
        }

        @Override
        public boolean coherent() {
            return false;
        }
    }

    @Property(tries = 200)
    void burstsNeverCrossAPageAndCoverTheStep(@ForAll @LongRange(min = 0, max = 1 << 20) long src,
            @ForAll @LongRange(min = 0, max = 1 << 20) long dst, @ForAll @IntRange(min = 1, max = 40000) int length) {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withCache(CacheConfig.quiet()))) {
            RecordingBus bus = new RecordingBus();
            JobRunner runner = new JobRunner(bus, sim.cpuCache(), sim.stats());
            JobRunner.Outcome o = runner.run(DmaJob.of("copy", new DmaStep.Copy(src, dst, length)));
            assertTrue(o.ok());
            assertEquals(length, o.bytes());
            long readDone = 0;
            long writeDone = 0;
            for (long[] b : bus.bursts) {
                long addr = b[0];
                long len = b[1];
                assertTrue(len >= 1 && len <= DmaJob.BURST_BYTES);
                assertEquals(addr >>> 12, (addr + len - 1) >>> 12, "a burst stays in one page");
                if (b[2] == 0) {
                    assertEquals(src + readDone, addr);
                    readDone += len;
                } else {
                    assertEquals(dst + writeDone, addr);
                    writeDone += len;
                }
            }
            assertEquals(length, readDone);
            assertEquals(length, writeDone);
        }
    }
}
