// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.heap.cma.CmaHeapFactory;
import org.dmabufsim.heap.system.SystemHeapFactory;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * A simulation with the heaps the device tests use: {@value #SYSTEM} (system heap, ION id 0) and
 * {@value #RESERVED} (CMA heap on {@code linux,cma}, id 1), both with one of the core's built-in
 * caching models ({@code ion-4.9}, {@code ion-4.12}, {@code dma-heap}); drivers created through
 * {@link TestDriverContext}s and closed with the fixture.
 */
public final class DeviceFixture implements AutoCloseable {
    public static final String SYSTEM = "system";
    public static final String RESERVED = "reserved";
    /** The process that allocates and maps buffers. */
    public static final Owner USER = Owner.process(1000);
    /** A 64x64x4 frame (16 KiB) for tests that do not need 1080p. */
    public static final int SMALL_FRAME = 64 * 64 * 4;

    private final Simulation sim;
    private final List<DeviceDriver> drivers = new ArrayList<>();
    private final List<TestDriverContext> contexts = new ArrayList<>();

    /** The default SoC ({@link SimulationConfig#defaults()}). */
    public DeviceFixture(String cachingModel) {
        this(SimulationConfig.defaults(), cachingModel);
    }

    public DeviceFixture(SimulationConfig config, String cachingModel) {
        sim = Simulation.create(config);
        sim.heaps().add(HeapSpec.of(SYSTEM, SystemHeapFactory.TYPE_NAME, 0, cachingModel), new SystemHeapFactory());
        sim.heaps().add(HeapSpec.of(RESERVED, CmaHeapFactory.TYPE_NAME, 1, cachingModel)
                .with(CmaHeapFactory.AREA, "linux,cma"), new CmaHeapFactory());
    }

    public Simulation sim() {
        return sim;
    }

    /** A buffer of {@code len} bytes from {@code heap}, held by {@link #USER}. */
    public DmaBuf alloc(String heap, long len) {
        return sim.heaps().allocate(heap, len, 0, ExportInfo.O_RDWR, USER);
    }

    /** {@link #USER} writes {@code bytes} into {@code buf} through an mmap, bracketed by begin/end_cpu_access. */
    public static void cpuWrite(DmaBuf buf, byte[] bytes) {
        CpuMapping cpu = buf.mmap(USER, 0, buf.size() / 4096);
        buf.beginCpuAccess(DmaDirection.TO_DEVICE);
        cpu.write(0, bytes);
        buf.endCpuAccess(DmaDirection.TO_DEVICE);
        cpu.unmap();
    }

    /** A configuration with a 64x64x4 frame. */
    public static DeviceConfig small(String name, String model) {
        return DeviceConfig.of(name, model).with(DeviceProperties.FRAME_WIDTH, "64")
                .with(DeviceProperties.FRAME_HEIGHT, "64");
    }

    /** Creates a driver through a new {@link TestDriverContext}; the fixture closes it. */
    @SuppressWarnings("unchecked")
    public <D extends DeviceDriver> D driver(DeviceModelFactory factory, DeviceConfig config) {
        TestDriverContext context = new TestDriverContext(sim, config);
        D driver = (D) factory.create(context);
        contexts.add(context);
        drivers.add(driver);
        return driver;
    }

    /**
     * Rule 105 after {@code driver.close()}: its device is closed, the context it was created with
     * holds no open handle, the buffers have no attachment left and dma-debug has neither
     * entries nor errors.
     */
    public void assertClosedCleanly(DeviceDriver driver, DmaBuf... buffers) {
        assertTrue(driver.device().isClosed());
        TestDriverContext context = contexts.stream().filter(c -> c.config().name().equals(driver.name()))
                .findFirst().orElseThrow();
        assertEquals(0, context.openHandles());
        for (DmaBuf buffer : buffers) {
            assertEquals(List.of(), buffer.attachments());
        }
        assertEquals(List.of(), sim.dmaDebug().entries());
        assertEquals(0, sim.dmaDebug().errorCount());
    }

    /** The context of the {@code i}-th driver created. */
    public TestDriverContext context(int i) {
        return contexts.get(i);
    }

    @Override
    public void close() {
        drivers.forEach(DeviceDriver::close);
        sim.close();
    }
}
