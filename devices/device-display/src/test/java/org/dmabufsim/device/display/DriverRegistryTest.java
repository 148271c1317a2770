// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import static org.dmabufsim.device.common.DeviceFixture.RESERVED;
import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceDrivers;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.camera.CameraDeviceFactory;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CpuMapping;
import org.junit.jupiter.api.Test;

/**
 * camera -> CPU -> display with drivers from the simulation's registry ({@code sim.drivers()}), as
 * the OSGi glue and the main job create them; removing them leaves nothing behind.
 */
class DriverRegistryTest {

    @Test
    void rule105_cameraCpuDisplayThroughTheRegistryThenRemoved() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            DeviceDrivers drivers = f.sim().drivers();
            DeviceDriver camera = drivers.add(DeviceFixture.small("camera0", "camera"), new CameraDeviceFactory());
            DeviceDriver display = drivers.add(DeviceFixture.small("display0", "display"), new DisplayDeviceFactory());
            assertEquals(List.of(camera, display), drivers.list());
            DmaBuf a = f.alloc(SYSTEM, SMALL_FRAME);
            DmaBuf b = f.alloc(RESERVED, SMALL_FRAME);
            ImportedBuffer capture = camera.importBuffer(a, DmaDirection.FROM_DEVICE);
            ImportedBuffer scanout = display.importBuffer(b, DmaDirection.TO_DEVICE);
            CpuMapping in = a.mmap(DeviceFixture.USER, 0, SMALL_FRAME / 4096);
            CpuMapping out = b.mmap(DeviceFixture.USER, 0, SMALL_FRAME / 4096);
            for (long frame = 0; frame < 3; frame++) {
                assertTrue(camera.produce(capture, frame).ok());
                a.beginCpuAccess(DmaDirection.FROM_DEVICE);
                byte[] pixels = in.read(0, SMALL_FRAME);
                a.endCpuAccess(DmaDirection.FROM_DEVICE);
                byte[] expected = new byte[SMALL_FRAME];
                FramePattern.sensor(frame, 0, expected, SMALL_FRAME);
                assertArrayEquals(expected, pixels);
                for (int i = 0; i < SMALL_FRAME; i++) {
                    pixels[i] = FramePattern.cpuPost(pixels[i]);
                    expected[i] = FramePattern.cpuPost(expected[i]);
                }
                b.beginCpuAccess(DmaDirection.TO_DEVICE);
                out.write(0, pixels);
                b.endCpuAccess(DmaDirection.TO_DEVICE);
                assertArrayEquals(expected, display.consume(scanout, frame).data());
            }
            in.unmap();
            out.unmap();

            assertTrue(drivers.remove("camera0"));
            assertTrue(drivers.remove("display0"));

            assertEquals(List.of(), drivers.list());
            assertEquals(List.of(), f.sim().devices().list());
            assertEquals(List.of(), a.attachments());
            assertEquals(List.of(), b.attachments());
            assertEquals(Map.of(DeviceFixture.USER, 1L), b.references());
            assertEquals(List.of(), f.sim().dmaDebug().entries());
            assertEquals(0, f.sim().dmaDebug().errorCount());
        }
    }
}
