// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.device.common.DeviceSpecs;
import org.dmabufsim.device.common.ImportMode;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class CameraDriverTest {
    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP);

    private CameraDriver camera(String name, String... kv) {
        DeviceConfig c = DeviceFixture.small(name, CameraDeviceFactory.MODEL);
        for (int i = 0; i < kv.length; i += 2) {
            c = c.with(kv[i], kv[i + 1]);
        }
        return f.driver(new CameraDeviceFactory(), c);
    }

    @Test
    void specIsNonCoherentBehindAStrictIommuWith32BitIovas() {
        CameraDriver cam = camera("camera0");
        DeviceSpec spec = cam.device().spec();
        assertEquals("camera0", spec.name());
        assertEquals("camera", spec.driver());
        assertFalse(spec.coherent());
        assertEquals(DeviceSpec.bits(32), spec.dmaMask());
        assertEquals(DeviceSpecs.UINT_MAX, spec.maxSegmentSize());
        IommuDomainView domain = cam.device().iommu().orElseThrow();
        assertEquals(IommuDomainType.DMA, domain.type());
        assertEquals(0xffff_ffffL, domain.iovaLimit());
        assertEquals(MappingPolicy.PER_FRAME, cam.mappingPolicy());
        assertEquals(ImportMode.TRUST, cam.importMode());
        assertEquals("camera", cam.model());
        assertEquals("camera", new CameraDeviceFactory().model());
    }

    @Test
    void rule89_mapsEveryFrameIntoOneIovaRangeBelow4GiBAndUnmapsAfterTheFence() {
        CameraDriver cam = camera("camera0");
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        Counters before = f.sim().counters();
        ImportedBuffer imp = cam.importBuffer(buf, DmaDirection.FROM_DEVICE);
        assertEquals(0, f.sim().counters().minus(before).dmaMapCalls());
        for (long frame = 0; frame < 3; frame++) {
            Counters c = f.sim().counters();
            FrameResult r = cam.produce(imp, frame);
            Counters delta = f.sim().counters().minus(c);
            assertTrue(r.ok());
            assertEquals(1, delta.dmaMapCalls());
            assertEquals(1, delta.dmaUnmapCalls());
            assertEquals(4, delta.iommuPagesMapped());
            assertEquals(4, delta.iommuPagesUnmapped());
            assertEquals(SMALL_FRAME, delta.deviceBytesWritten());
            // four scattered 4 KiB chunks merged into one IOVA segment: one DMA step
            assertEquals(1, r.jobs().size());
            assertEquals(1, r.jobs().get(0).steps().size());
            assertEquals(List.of(), cam.device().iommu().orElseThrow().mappings());
        }
    }

    @Test
    void rule93_mappedIovasLieBelow4GiBAndTranslateToTheBuffer() {
        CameraDriver cam = camera("camera0", "mapping.policy", "at-import");
        ImportedBuffer imp = cam.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.FROM_DEVICE);
        var sgt = cam.mappedTable(imp).orElseThrow();
        long iova = sgt.get(0).dmaAddress();
        assertTrue(iova > 0 && iova + SMALL_FRAME - 1 <= 0xffff_ffffL, Long.toHexString(iova));
        for (int i = 0; i < sgt.origNents(); i++) {
            long at = iova + 4096L * i;
            assertEquals(sgt.get(i).phys(), cam.device().iommu().orElseThrow().translate(at).orElseThrow()
                    .translatedAddr());
        }
    }

    @Test
    void contentEndToEndCameraToCpuThroughMmapWithCpuAccess() {
        CameraDriver cam = f.driver(new CameraDeviceFactory(), DeviceConfig.of("camera0", "camera"));
        int frameBytes = 1920 * 1080 * 4;
        DmaBuf buf = f.alloc(SYSTEM, frameBytes);
        ImportedBuffer imp = cam.importBuffer(buf, DmaDirection.FROM_DEVICE);
        CpuMapping cpu = buf.mmap(DeviceFixture.USER, 0, buf.size() / 4096);
        for (long frame = 7; frame < 9; frame++) {
            assertTrue(cam.produce(imp, frame).ok());
            buf.beginCpuAccess(DmaDirection.FROM_DEVICE);
            byte[] seen = cpu.read(0, frameBytes);
            buf.endCpuAccess(DmaDirection.FROM_DEVICE);
            byte[] expected = new byte[frameBytes];
            FramePattern.sensor(frame, 0, expected, frameBytes);
            assertArrayEquals(expected, seen, "frame " + frame);
        }
        cpu.unmap();
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }

    @Test
    void importingForTheDeviceToReadIsEinvalAndLeavesNothing() {
        CameraDriver cam = camera("camera0");
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ErrnoException e = assertThrows(ErrnoException.class, () -> cam.importBuffer(buf, DmaDirection.TO_DEVICE));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), buf.attachments());
        ImportedBuffer bidi = cam.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        assertEquals(DmaDirection.BIDIRECTIONAL, bidi.direction());
        assertTrue(cam.produce(bidi, 0).ok());
    }

    @Test
    void bufferSmallerThanTheFrameIsEinval() {
        CameraDriver cam = camera("camera0", "frame.width", "65");
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> cam.importBuffer(buf, DmaDirection.FROM_DEVICE)).errno());
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    void aCameraNeitherScansOutNorProcesses() {
        CameraDriver cam = camera("camera0");
        ImportedBuffer imp = cam.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.FROM_DEVICE);
        assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class, () -> cam.consume(imp, 0)).errno());
        assertEquals(Errno.ENOTTY, assertThrows(ErrnoException.class, () -> cam.process(imp, imp, 0)).errno());
    }

    @Test
    void rule105_closeLeavesNoDmaDebugEntriesAndNoErrors() {
        CameraDriver cam = camera("camera0");
        DmaBuf a = f.alloc(SYSTEM, SMALL_FRAME);
        DmaBuf b = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer ia = cam.importBuffer(a, DmaDirection.FROM_DEVICE);
        cam.importBuffer(b, DmaDirection.FROM_DEVICE);
        cam.produce(ia, 0);
        cam.close();
        f.assertClosedCleanly(cam, a, b);
    }

    @Test
    void wrongModelInTheConfigurationIsEinval() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> f.driver(new CameraDeviceFactory(), DeviceConfig.of("camera0", "display"))).errno());
        assertEquals(List.of(), f.sim().devices().list());
    }
}
