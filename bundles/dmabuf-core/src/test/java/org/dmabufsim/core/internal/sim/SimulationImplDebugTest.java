// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SimulationImplDebugTest {

    @Test
    @DisplayName("rule 100: the simulation's dma-debug reports into the simulation's kernel log")
    void rule100_dmaDebugWiredToKernelLog() {
        SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults());
        assertSame(sim.debug(), sim.dmaDebug());
        DmaDevice dev = new DmaDevice() {
            private final DeviceSpec spec = DeviceSpec.of("1a000000.camera", "camera");

            @Override
            public DeviceSpec spec() {
                return spec;
            }

            @Override
            public DmaQueue queue() {
                throw new IllegalStateException("no queue in this test");
            }

            @Override
            public Optional<IommuDomainView> iommu() {
                return Optional.empty();
            }

            @Override
            public void close() {
                // nothing bound
            }

            @Override
            public boolean isClosed() {
                return false;
            }
        };
        sim.debug().unmapPage(dev, 0x1000, 4096, DmaDirection.TO_DEVICE);
        assertEquals(1, sim.dmaDebug().errorCount());
        assertEquals(1, sim.log().count(KernelLog.Level.WARN));
        assertEquals("DMA-API: camera 1a000000.camera: device driver tries to free DMA memory it has not allocated "
                + "[device address=0x0000000000001000] [size=4096 bytes]", sim.log().records().get(0).message());
    }
}
