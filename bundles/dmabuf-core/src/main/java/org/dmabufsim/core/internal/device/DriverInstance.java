// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;

/**
 * One live driver instance of the registry: the only place the core holds the driver and the
 * factory, so dropping it from the registry drops every core reference to the device bundle.
 *
 * @param config what it was created from
 * @param factory the device model that created it
 * @param driver the driver
 * @param context the context handed to the driver
 */
record DriverInstance(DeviceConfig config, DeviceModelFactory factory, DeviceDriver driver,
        DriverContextImpl context) {

    String name() {
        return config.name();
    }
}
