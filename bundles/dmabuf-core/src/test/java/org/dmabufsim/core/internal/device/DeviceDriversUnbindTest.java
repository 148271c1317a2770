// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Removing drivers that bound devices and mapped buffers: driver unbind through the registry (rule 105). */
class DeviceDriversUnbindTest {
    private static final Owner OWNER = Owner.process(1);
    private static final int LEN = 16 * 1024;

    @AutoClose
    private final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withCache(CacheConfig.quiet()));
    private final DeviceDriversImpl drivers = sim.drivers();
    private final DeviceModelFactory display = ImportingDriver.factory("display", false);
    private final DeviceModelFactory leaky = ImportingDriver.factory("leaky", true);

    /** One contiguous zeroed block ({@code get_order(LEN)}), exported, then filled with {@code pattern} by the CPU. */
    private DmaBuf buffer(byte[] pattern) {
        PageRange block = sim.memory().allocPages(2, Zone.NORMAL);
        sim.cpu().clearPages(block);
        DmaBuf buf = sim.dmabufs().exportPages(new PageExportInfo("test", List.of(block), LEN, CachingModel.DMA_HEAP, 0,
                true, ExportInfo.O_RDWR, OWNER, pages -> pages.forEach(sim.memory()::freePages)));
        CpuMapping vmap = buf.vmap();
        vmap.write(0, pattern);
        buf.vunmap(vmap);
        return buf;
    }

    private static byte[] pattern(int seed) {
        byte[] b = new byte[LEN];
        for (int i = 0; i < LEN; i++) {
            b[i] = (byte) (i * 13 + seed);
        }
        return b;
    }

    private static ErrnoException enodev(Runnable call) {
        ErrnoException e = assertThrows(ErrnoException.class, call::run);
        assertEquals(Errno.ENODEV, e.errno());
        return e;
    }

    @Test
    @DisplayName("rule 105: a driver that releases everything in close() unbinds without a report")
    void rule105_wellBehavedDriverUnbindsSilently() {
        DeviceDriver driver = drivers.add(DeviceConfig.of("display0", "display"), display);
        DmaDevice device = driver.device();
        DmaBuf buf = buffer(pattern(1));
        driver.importBuffer(buf, DmaDirection.TO_DEVICE);
        assertEquals(1, sim.dmaDebug().entries("display0").size());

        assertTrue(drivers.remove("display0"));

        assertTrue(device.isClosed());
        assertEquals(List.of(), sim.devices().list());
        assertEquals(0, sim.dmaDebug().errorCount());
        assertEquals(List.of(), sim.dmaDebug().entries());
        assertEquals(List.of(), buf.attachments());
        buf.put(OWNER);
        assertTrue(buf.isReleased());
    }

    @Test
    @DisplayName("rule 105: the core closes a leaky driver's device: one report with the count, nothing else")
    void rule105_leakyDriverIsReportedOnceAndCleanedUp() {
        byte[] first = pattern(1);
        DmaBuf shared = buffer(first);
        DmaBuf own = buffer(pattern(2));
        DeviceDriver reader = drivers.add(DeviceConfig.of("display0", "display"), display);
        DeviceDriver leak = drivers.add(DeviceConfig.of("leaky0", "leaky"), leaky);
        DmaDevice leakyDevice = leak.device();
        // TO_DEVICE mappings are not tracked per cacheline, so the shared buffer overlaps nothing (rule 104)
        ImportedBuffer scanout = reader.importBuffer(shared, DmaDirection.TO_DEVICE);
        ImportedBuffer leftOnShared = leak.importBuffer(shared, DmaDirection.FROM_DEVICE);
        leak.importBuffer(own, DmaDirection.FROM_DEVICE);
        leak = null;

        assertTrue(drivers.remove("leaky0"));

        List<DmaDebugReport> reports = sim.dmaDebug().reports();
        assertEquals(1, reports.size());
        DmaDebugReport report = reports.get(0);
        assertEquals(DmaDebugError.LEAK_AT_UNBIND, report.error());
        assertEquals("leaky0", report.device());
        assertTrue(report.message().startsWith("DMA-API: leaky leaky0: device driver has pending DMA allocations while"
                + " released from device [count=2]\nOne of leaked entries details: [device address=0x"),
                report.message());
        assertTrue(report.message().endsWith("[size=16384 bytes] [mapped with DMA_FROM_DEVICE] [mapped as"
                + " scather-gather]"), report.message());
        assertEquals(Map.of(DmaDebugError.LEAK_AT_UNBIND, 1L), sim.dmaDebug().errorCounts());
        assertEquals(1, sim.dmaDebug().errorCount());
        // the leaky device is gone with everything it held; the reader's mapping is untouched
        assertTrue(leakyDevice.isClosed());
        assertEquals(List.of("display0"), sim.devices().list().stream().map(DmaDevice::name).toList());
        assertEquals(List.of(), sim.dmaDebug().entries("leaky0"));
        assertEquals(1, sim.dmaDebug().entries("display0").size());
        assertEquals(List.of(scanout.attachment()), shared.attachments());
        assertEquals(List.of(), own.attachments());
        assertFalse(leftOnShared.attachment().isAttached());
        enodev(() -> leakyDevice.queue().run(DmaJob.of("late", new DmaStep.Read(0, 64))));
        // the other device still reads the shared buffer's data
        FrameResult frame = reader.consume(scanout, 0);
        assertTrue(frame.ok());
        assertArrayEquals(first, frame.data());

        assertTrue(drivers.remove("display0"));
        assertEquals(1, sim.dmaDebug().errorCount());
        shared.put(OWNER);
        own.put(OWNER);
        assertTrue(shared.isReleased() && own.isReleased());
    }

    @Test
    void afterRemoveNothingOfALeakyDriverIsReachable() throws InterruptedException {
        DmaBuf buf = buffer(pattern(3));
        DeviceDriver driver = drivers.add(DeviceConfig.of("leaky0", "leaky"), leaky);
        driver.importBuffer(buf, DmaDirection.FROM_DEVICE);
        WeakReference<DeviceDriver> ref = new WeakReference<>(driver);
        driver = null;

        drivers.remove("leaky0");

        assertNull(DeviceDriversImplTest.awaitCleared(ref));
        buf.put(OWNER);
    }

    @Test
    void everyHandleTheDriverLeftOpenIsClosed() {
        DmaDevice[] opened = new DmaDevice[2];
        DeviceModelFactory twoDevices = new TestDrivers.Factory("codec", context -> {
            opened[0] = context.openDevice(DeviceSpec.of("codec0.enc", "codec"));
            opened[1] = context.openDevice(DeviceSpec.of("codec0.dec", "codec"));
            opened[1].close();
            return new TestDrivers.Driver(context, opened[0], d -> { });
        });
        drivers.add(DeviceConfig.of("codec0", "codec"), twoDevices);
        assertEquals(List.of("codec0.enc"), sim.devices().list().stream().map(DmaDevice::name).toList());

        drivers.remove("codec0");

        assertTrue(opened[0].isClosed());
        assertEquals(List.of(), sim.devices().list());
        assertEquals(0, sim.dmaDebug().errorCount());
    }

    @Test
    void aFailedProbeUnbindsTheDeviceItBound() {
        DmaDevice[] opened = new DmaDevice[1];
        DeviceModelFactory failing = new TestDrivers.Factory("camera", context -> {
            opened[0] = context.openDevice(DeviceSpec.of("camera0", "camera"));
            throw new ErrnoException(Errno.EINVAL, "camera0: bad frame.bpp");
        });

        assertThrows(ErrnoException.class, () -> drivers.add(DeviceConfig.of("camera0", "camera"), failing));

        assertTrue(opened[0].isClosed());
        assertEquals(List.of(), sim.devices().list());
        DeviceDriver retry = drivers.add(DeviceConfig.of("camera0", "display"), display);
        assertEquals("camera0", retry.device().name());
    }

    @Test
    void aDeviceNameInUseFailsTheProbeWithEexist() {
        drivers.add(DeviceConfig.of("display0", "display"), display);
        DeviceModelFactory clash = new TestDrivers.Factory("display", context -> new TestDrivers.Driver(context,
                context.openDevice(DeviceSpec.of("display0", "display")), d -> { }));

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> drivers.add(DeviceConfig.of("display1", "display"), clash));

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of("display0"), drivers.list().stream().map(DeviceDriver::name).toList());
        assertEquals(List.of("display0"), sim.devices().list().stream().map(DmaDevice::name).toList());
    }
}
