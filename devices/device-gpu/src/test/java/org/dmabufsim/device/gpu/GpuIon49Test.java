// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The GPU under ION v4.9's one shared table with {@code sg_dma_address = sg_phys} (rules 37, 38). */
class GpuIon49Test {
    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.ION_4_9);

    @Test
    void rule37_trustingTheTableTheGpuReadsPhysicalAddressesAsIovasAndFaults() {
        GpuDriver g = f.driver(new GpuDeviceFactory(), DeviceFixture.small("gpu0", "gpu"));
        ImportedBuffer in = g.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.TO_DEVICE);
        ImportedBuffer out = g.importBuffer(f.alloc(RESERVED, SMALL_FRAME), DmaDirection.FROM_DEVICE);

        FrameResult r = g.process(in, out, 0);

        assertFalse(r.ok());
        assertEquals(1, r.jobs().size(), "a failed read ends the frame before the write");
        assertEquals(MemTxResult.ACCESS_ERROR, r.jobs().get(0).step(0).result());
        IommuFault fault = g.device().iommu().orElseThrow().faults().get(0);
        assertFalse(fault.write());
        assertEquals(g.mappedTable(in).orElseThrow().get(0).phys(), fault.iova());
        assertEquals(0, f.sim().counters().deviceBytesWritten());
    }

    @Test
    void rule37_mapTableOverwritesTheSharedTableAndTheSecondImporterUsesTheFirstOnesIovas() {
        GpuDriver gpu0 = f.driver(new GpuDeviceFactory(), DeviceFixture.small("gpu0", "gpu")
                .with("import.mode", "map-table"));
        GpuDriver gpu1 = f.driver(new GpuDeviceFactory(), DeviceFixture.small("gpu1", "gpu"));
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp0 = gpu0.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        SgTable shared = gpu0.mappedTable(imp0).orElseThrow();
        long iova = shared.get(0).dmaAddress();
        assertNotEquals(shared.get(0).phys(), iova);
        assertTrue(gpu0.produce(imp0, 0).ok());

        ImportedBuffer imp1 = gpu1.importBuffer(buf, DmaDirection.BIDIRECTIONAL);

        assertSame(shared, gpu1.mappedTable(imp1).orElseThrow());
        assertEquals(iova, gpu1.mappedTable(imp1).orElseThrow().get(0).dmaAddress());
        FrameResult r = gpu1.consume(imp1, 1);
        assertFalse(r.ok());
        assertEquals(iova, gpu1.device().iommu().orElseThrow().faults().get(0).iova());
        assertTrue(gpu0.consume(imp0, 2).ok());
    }
}
