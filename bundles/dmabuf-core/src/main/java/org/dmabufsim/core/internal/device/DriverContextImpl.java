// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one driver instance gets from the core: the simulation, its configuration, and
 * {@link #openDevice} which binds a device and remembers the handle, so that {@link #closeAll()}
 * can close what the driver left open after its {@code close()}. Holds no reference to the driver.
 *
 * @ThreadSafe
 */
final class DriverContextImpl implements DriverContext {
    private static final Logger LOG = LoggerFactory.getLogger(DriverContextImpl.class);

    private final Simulation sim;
    private final DeviceConfig config;
    private final Object handlesLock = new Object(); // guards handles and unbound
    private final List<DmaDevice> handles = new ArrayList<>();
    private boolean unbound;

    DriverContextImpl(Simulation sim, DeviceConfig config) {
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

    /**
     * {@inheritDoc}
     *
     * @throws ErrnoException ENODEV once the instance was removed; what {@code sim.devices().create}
     *         throws (EEXIST for a device name in use)
     */
    @Override
    public DmaDevice openDevice(DeviceSpec spec) {
        Objects.requireNonNull(spec, "spec");
        synchronized (handlesLock) {
            if (unbound) {
                throw unbound(spec);
            }
        }
        DmaDevice device = sim.devices().create(spec);
        synchronized (handlesLock) {
            if (!unbound) {
                handles.add(device);
                return device;
            }
        }
        // removed while the device was being created: it never reached the driver
        device.close();
        throw unbound(spec);
    }

    /** Handles opened and not closed yet. */
    int openHandles() {
        synchronized (handlesLock) {
            return (int) handles.stream().filter(h -> !h.isClosed()).count();
        }
    }

    /**
     * Closes every handle the driver left open, in the order they were opened (each close reports
     * dma-debug's leak and tears down what the device left), forgets all handles, and makes later
     * {@link #openDevice} calls fail with ENODEV.
     *
     * @return how many handles were still open
     */
    int closeAll() {
        List<DmaDevice> left;
        synchronized (handlesLock) {
            unbound = true;
            left = List.copyOf(handles);
            handles.clear();
        }
        int open = 0;
        for (DmaDevice handle : left) {
            if (handle.isClosed()) {
                continue;
            }
            open++;
            try {
                handle.close();
            } catch (RuntimeException e) {
                // a broken invariant of the DMA layer; the other handles still get closed
                LOG.error("device {}: closing handle {} failed", config.name(), handle.name(), e);
            }
        }
        return open;
    }

    private ErrnoException unbound(DeviceSpec spec) {
        return new ErrnoException(Errno.ENODEV, "device " + config.name() + ": driver instance removed, cannot bind "
                + spec.name());
    }
}
