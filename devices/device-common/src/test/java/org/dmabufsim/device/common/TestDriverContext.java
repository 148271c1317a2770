// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.sim.Simulation;

/**
 * A {@link DriverContext} for tests: {@code openDevice} is {@code sim.devices().create(spec)}; it
 * remembers the handles so tests can check the driver closed them.
 */
public final class TestDriverContext implements DriverContext {
    private final Simulation sim;
    private final DeviceConfig config;
    private final List<DmaDevice> opened = new ArrayList<>(); // guarded by this

    public TestDriverContext(Simulation sim, DeviceConfig config) {
        this.sim = sim;
        this.config = config;
    }

    @Override
    public Simulation sim() {
        return sim;
    }

    @Override
    public DeviceConfig config() {
        return config;
    }

    @Override
    public synchronized DmaDevice openDevice(DeviceSpec spec) {
        DmaDevice device = sim.devices().create(spec);
        opened.add(device);
        return device;
    }

    /** Every handle opened through this context, in order. */
    public synchronized List<DmaDevice> opened() {
        return List.copyOf(opened);
    }

    /** Handles opened and not closed. */
    public synchronized long openHandles() {
        return opened.stream().filter(d -> !d.isClosed()).count();
    }
}
