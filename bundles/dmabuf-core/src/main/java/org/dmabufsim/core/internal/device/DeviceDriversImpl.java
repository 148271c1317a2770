// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceDrivers;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver instances of one simulation: probe ({@link #add}) and unbind ({@link #remove}).
 *
 * <p>No plug-in code runs under {@code registryLock}: {@code add} reserves the name, calls the
 * factory unlocked, then publishes the driver; {@code remove} unpublishes it (keeping the name
 * reserved), then calls the driver's {@code close()} and closes what it left open, unlocked, then
 * frees the name. While a name is reserved, {@link #list()} and {@link #find} do not show it and
 * {@code add} of that name is EEXIST. After {@code remove} the core holds no reference to the
 * driver, its context or its factory.
 *
 * @ThreadSafe
 */
public final class DeviceDriversImpl implements DeviceDrivers {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceDriversImpl.class);

    private final Simulation sim;
    private final Object registryLock = new Object(); // guards instances and reserved
    private final Map<String, DriverInstance> instances = new LinkedHashMap<>(); // creation order
    private final Set<String> reserved = new HashSet<>();

    /** @param sim the simulation whose devices the drivers bind */
    public DeviceDriversImpl(Simulation sim) {
        this.sim = sim;
    }

    @Override
    public DeviceDriver add(DeviceConfig config, DeviceModelFactory factory) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(factory, "factory");
        String name = config.name();
        String model = factory.model();
        if (!config.model().equals(model)) {
            throw new ErrnoException(Errno.EINVAL, "device " + name + ": model " + config.model()
                    + " from a factory of model " + model);
        }
        reserve(name);
        DriverContextImpl context = new DriverContextImpl(sim, config);
        DeviceDriver driver;
        try {
            driver = factory.create(context);
            if (driver == null) {
                throw new ErrnoException(Errno.EINVAL, "device " + name + ": model " + model + " created no driver");
            }
        } catch (RuntimeException e) {
            // a failed probe: what it bound goes too
            context.closeAll();
            unreserve(name);
            throw e;
        }
        publish(new DriverInstance(config, factory, driver, context));
        LOG.info("device {}: driver added (model {}, {} device handles)", name, model, context.openHandles());
        return driver;
    }

    @Override
    public boolean remove(String name) {
        DriverInstance instance;
        synchronized (registryLock) {
            instance = instances.remove(name);
            if (instance == null) {
                return false;
            }
            reserved.add(name);
        }
        unbind(instance);
        return true;
    }

    @Override
    public int removeAll(DeviceModelFactory factory) {
        List<DriverInstance> gone = new ArrayList<>();
        synchronized (registryLock) {
            for (DriverInstance instance : instances.values()) {
                if (instance.factory() == factory) {
                    gone.add(instance);
                }
            }
            for (DriverInstance instance : gone) {
                instances.remove(instance.name());
                reserved.add(instance.name());
            }
        }
        gone.forEach(this::unbind);
        return gone.size();
    }

    @Override
    public List<DeviceDriver> list() {
        synchronized (registryLock) {
            return instances.values().stream().map(DriverInstance::driver).toList();
        }
    }

    @Override
    public Optional<DeviceDriver> find(String name) {
        synchronized (registryLock) {
            return Optional.ofNullable(instances.get(name)).map(DriverInstance::driver);
        }
    }

    /**
     * Driver unbind of an unpublished instance whose name is reserved: the driver's close, then the
     * core closes the handles it left open, then the name is free again.
     */
    private void unbind(DriverInstance instance) {
        String name = instance.name();
        try {
            instance.driver().close();
        } catch (RuntimeException | LinkageError e) {
            // a broken driver (or one whose bundle is gone) must not stop the cleanup
            LOG.warn("device {}: driver close failed; the core closes what it left", name, e);
        } finally {
            int leftOpen = instance.context().closeAll();
            unreserve(name);
            LOG.info("device {}: driver removed ({} device handles left open and closed by the core)", name,
                    leftOpen);
        }
    }

    private void reserve(String name) {
        synchronized (registryLock) {
            if (instances.containsKey(name) || !reserved.add(name)) {
                throw new ErrnoException(Errno.EEXIST, "device " + name + ": the name is in use by a driver instance");
            }
        }
    }

    private void unreserve(String name) {
        synchronized (registryLock) {
            reserved.remove(name);
        }
    }

    private void publish(DriverInstance instance) {
        synchronized (registryLock) {
            reserved.remove(instance.name());
            instances.put(instance.name(), instance);
        }
    }
}
