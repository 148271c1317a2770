// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The display under ION v4.9's shared table with {@code sg_dma_address = sg_phys} (rules 37, 38). */
class DisplayIon49Test {
    private static final int FRAME_1080P = 1920 * 1080 * 4;

    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.ION_4_9);

    @Test
    void rule37_aCmaFrameIsScannedOutFromItsPhysicalAddress() {
        DisplayDriver d = f.driver(new DisplayDeviceFactory(), DeviceConfig.of("display0", "display"));
        DmaBuf buf = f.alloc(RESERVED, FRAME_1080P);
        byte[] content = new byte[FRAME_1080P];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i ^ (i >>> 9));
        }
        DeviceFixture.cpuWrite(buf, content);

        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.TO_DEVICE);
        SgTable sgt = d.mappedTable(imp).orElseThrow();
        assertEquals(sgt.get(0).phys(), sgt.get(0).dmaAddress());
        FrameResult r = d.consume(imp, 0);
        assertTrue(r.ok());
        assertArrayEquals(content, r.data());
    }

    /**
     * ION hands the 32-bit display the physical addresses of pages above 4 GiB, which dma-direct
     * would have bounced or refused: the table passes DRM's contiguity check (the first buffer is
     * one run), the driver programs the engine with {@code lower_32_bits} of them, and the scanout
     * reads the memory at that alias instead of the frame.
     */
    @Test
    void rule37_aSystemHeapFrameAbove4GiBIsAcceptedAndTheScanoutReadsAnAlias() {
        DisplayDriver d = f.driver(new DisplayDeviceFactory(), DeviceConfig.of("display0", "display"));
        DmaBuf buf = f.alloc(SYSTEM, FRAME_1080P);
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.TO_DEVICE);
        long phys = d.mappedTable(imp).orElseThrow().get(0).dmaAddress();
        assertTrue(phys > 0xffff_ffffL);
        long alias = phys & 0xffff_ffffL;
        byte[] atAlias = new byte[4096];
        f.sim().memory().writeDram(alias, new byte[] {0x5a, 0x5b}, 0, 2);
        f.sim().memory().readDram(alias, atAlias, 0, atAlias.length);

        FrameResult r = d.consume(imp, 0);

        assertEquals(MemTxResult.OK, r.jobs().get(0).step(0).result());
        assertArrayEquals(atAlias, Arrays.copyOf(r.data(), atAlias.length));
    }
}
