// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The driver instances of one simulation.
 *
 * <p>Removing an instance closes the driver, then the core closes every device handle the driver
 * left open: dma-debug reports the leak once, the core force-unmaps and detaches what the device
 * left, frees IOVA and bounce slots; buffers stay intact for the other devices. No object of the
 * device bundle stays reachable afterwards.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DeviceDrivers {

    /**
     * Creates a driver instance.
     *
     * @throws org.dmabufsim.sim.ErrnoException EEXIST if the name is taken; EINVAL if the factory's
     *         model is not the config's; what the factory throws
     */
    DeviceDriver add(DeviceConfig config, DeviceModelFactory factory);

    /** Removes an instance (see the class comment); false if there was none. */
    boolean remove(String name);

    /** Removes every instance created from {@code factory}; returns how many. */
    int removeAll(DeviceModelFactory factory);

    /** Live instances in creation order. */
    List<DeviceDriver> list();

    /** The live instance of that name. */
    Optional<DeviceDriver> find(String name);
}
