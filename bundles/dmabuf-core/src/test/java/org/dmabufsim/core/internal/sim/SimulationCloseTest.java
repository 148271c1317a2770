// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Simulation;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SimulationCloseTest {

    @Test
    @DisplayName("close runs queued jobs, gives back DRAM's host memory and refuses later device calls")
    void closeRunsJobsAndReleasesHostMemory() {
        Simulation sim = Simulation.create();
        PageRange page = sim.memory().allocPages(0, Zone.DMA32);
        sim.memory().writeDram(page.phys(), new byte[] {1, 2, 3}, 0, 3);
        DmaDevice dev = sim.devices().create(DeviceSpec.of("dev0", "test"));
        DmaJobHandle job = dev.queue().submit(DmaJob.of("fill", new DmaStep.Fill(page.phys(), 64, (byte) 7)));
        assertTrue(sim.memory().hostBytes() > 0);

        sim.close();

        assertTrue(job.result().isPresent(), "the queued job ran at close");
        assertEquals(0, sim.memory().hostBytes());
        assertThrows(IllegalStateException.class, sim::runDevices);
        assertThrows(IllegalStateException.class, () -> sim.devices().create(DeviceSpec.of("dev1", "test")));
        sim.close(); // idempotent
    }
}
