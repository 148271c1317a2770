// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.device.common.DriverChecks;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.KernelLog;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DisplayDriverTest {
    private static final int FRAME_1080P = 1920 * 1080 * 4;

    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP);

    private DisplayDriver display(DeviceConfig config) {
        return f.driver(new DisplayDeviceFactory(), config);
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + (i >>> 12));
        }
        return b;
    }

    @Test
    void specIsNonCoherentWithoutIommuWithA32BitMask() {
        DisplayDriver d = display(DeviceFixture.small("display0", "display"));
        DeviceSpec spec = d.device().spec();
        assertEquals("display", spec.driver());
        assertFalse(spec.coherent());
        assertFalse(spec.hasIommu());
        assertTrue(d.device().iommu().isEmpty());
        assertEquals(DeviceSpec.bits(32), spec.dmaMask());
        assertEquals(DeviceSpecs.UINT_MAX, spec.maxSegmentSize());
        assertTrue(spec.swiotlb());
        assertEquals(MappingPolicy.AT_IMPORT, d.mappingPolicy());
    }

    @Test
    void a1080pFrameFromCmaIsAcceptedAndScannedOut() {
        DisplayDriver d = display(DeviceConfig.of("display0", "display"));
        DmaBuf buf = f.alloc(RESERVED, FRAME_1080P);
        byte[] content = pattern(FRAME_1080P);
        DeviceFixture.cpuWrite(buf, content);
        Counters c = f.sim().counters();
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.TO_DEVICE);
        // DRM PRIME maps BIDIRECTIONAL, once: one contiguous segment below 4 GiB, dma = phys
        assertEquals(DmaDirection.BIDIRECTIONAL, imp.direction());
        assertEquals(1, f.sim().counters().minus(c).dmaMapCalls());
        SgTable sgt = d.mappedTable(imp).orElseThrow();
        assertEquals(1, sgt.nents());
        assertEquals(sgt.get(0).phys(), sgt.get(0).dmaAddress());
        assertTrue(sgt.get(0).dmaAddress() + FRAME_1080P <= 1L << 32);

        for (long frame = 0; frame < 2; frame++) {
            FrameResult r = d.consume(imp, frame);
            assertTrue(r.ok());
            assertArrayEquals(content, r.data());
        }
        assertEquals(1, f.sim().counters().minus(c).dmaMapCalls());
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }

    /**
     * The default SoC puts the system heap's 1 MiB chunks above 4 GiB: dma-direct cannot reach them
     * with the 32-bit mask and swiotlb cannot bounce a 1 MiB segment (256 KiB at most), so the map
     * fails and its errno (EIO from dma_map_sgtable) propagates.
     */
    @Test
    void rule85_a1080pFrameFromTheSystemHeapIsRefusedOnTheDefaultSoc() {
        DisplayDriver d = display(DeviceConfig.of("display0", "display"));
        DmaBuf buf = f.alloc(SYSTEM, FRAME_1080P);
        ErrnoException e = assertThrows(ErrnoException.class, () -> d.importBuffer(buf, DmaDirection.TO_DEVICE));
        assertEquals(Errno.EIO, e.errno());
        assertEquals(List.of(), buf.attachments());
        assertEquals(List.of(), f.sim().dmaDebug().entries());
        assertEquals(1, f.sim().log().grep("swiotlb buffer is full (sz: 1048576 bytes)").size());
    }

    /**
     * With a 64-bit mask the display reaches every page, so only the contiguity check decides. The
     * first 1080p buffer of a fresh SoC comes in ascending buddy blocks (7 x 1 MiB, 14 x 64 KiB,
     * 9 x 4 KiB, one run): accepted. The second one's 1 MiB chunks follow each other, but its
     * 64 KiB chunks come from the block the first buffer's small chunks were split from, before
     * them: only the first 7 MiB are contiguous, so DRM refuses it.
     */
    @Test
    void aDisplayThatReachesTheMemoryRefusesANonContiguousSystemHeapBuffer() {
        DisplayDriver d = display(DeviceConfig.of("display0", "display").with("dma.mask.bits", "64"));
        DmaBuf first = f.alloc(SYSTEM, FRAME_1080P);
        DmaBuf second = f.alloc(SYSTEM, FRAME_1080P);
        ImportedBuffer imp = d.importBuffer(first, DmaDirection.TO_DEVICE);
        assertEquals(FRAME_1080P, DriverChecks.contiguousSize(d.mappedTable(imp).orElseThrow(), d.mappedTable(imp).orElseThrow().nents()));
        assertTrue(d.consume(imp, 0).ok());
        Counters c = f.sim().counters();

        ErrnoException e = assertThrows(ErrnoException.class, () -> d.importBuffer(second, DmaDirection.TO_DEVICE));

        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("sg_table is not contiguous (7340032 of 8294400 bytes"), e.getMessage());
        Counters delta = f.sim().counters().minus(c);
        assertEquals(1, delta.dmaMapCalls());
        assertEquals(1, delta.dmaUnmapCalls());
        assertEquals(List.of(), second.attachments());
        // only the first buffer's mapping is left: one entry per chunk (dma-direct does not merge)
        assertEquals(7 + 14 + 9, f.sim().dmaDebug().entries("display0").size());
        List<KernelLog.Record> printed = f.sim().log().grep("sg_table is not contiguous");
        assertEquals(1, printed.size());
        assertEquals(DisplayDriver.NOT_CONTIGUOUS, printed.get(0).message());
        assertEquals(KernelLog.Level.ERROR, printed.get(0).level());
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }

    @Test
    void importingForTheDeviceToWriteIsEinval() {
        DisplayDriver d = display(DeviceFixture.small("display0", "display"));
        DmaBuf buf = f.alloc(RESERVED, SMALL_FRAME);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> d.importBuffer(buf, DmaDirection.FROM_DEVICE)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> d.importBuffer(buf, DmaDirection.NONE)).errno());
        assertEquals(List.of(), buf.attachments());
        assertEquals(DmaDirection.BIDIRECTIONAL, d.importBuffer(buf, DmaDirection.BIDIRECTIONAL).direction());
    }

    @Test
    void bufferSmallerThanTheFrameIsEinval() {
        DisplayDriver d = display(DeviceConfig.of("display0", "display"));
        DmaBuf buf = f.alloc(RESERVED, FRAME_1080P - 4096);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> d.importBuffer(buf, DmaDirection.TO_DEVICE)).errno());
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    void aDisplayNeitherCapturesNorProcesses() {
        DisplayDriver d = display(DeviceFixture.small("display0", "display"));
        ImportedBuffer imp = d.importBuffer(f.alloc(RESERVED, SMALL_FRAME), DmaDirection.TO_DEVICE);
        assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class, () -> d.produce(imp, 0)).errno());
        assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class, () -> d.process(imp, imp, 0)).errno());
    }

    @Test
    void rule105_closeLeavesNoDmaDebugEntriesAndNoErrors() {
        DisplayDriver d = display(DeviceFixture.small("display0", "display"));
        DmaBuf buf = f.alloc(RESERVED, SMALL_FRAME);
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.TO_DEVICE);
        d.consume(imp, 0);
        assertEquals(1, f.sim().dmaDebug().entries("display0").size());
        d.close();
        f.assertClosedCleanly(d, buf);
    }
}
