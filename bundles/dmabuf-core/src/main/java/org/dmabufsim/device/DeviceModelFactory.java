// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A device model, contributed by a device bundle as an OSGi service with the service property
 * {@link #MODEL}.
 */
@ConsumerType
public interface DeviceModelFactory {

    /** Service property naming the model. */
    String MODEL = "dmabuf.device.model";

    /** The model, e.g. {@code "camera"}. */
    String model();

    /**
     * Creates a driver instance; it opens its device through {@link DriverContext#openDevice}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL for bad configuration
     */
    DeviceDriver create(DriverContext context);
}
