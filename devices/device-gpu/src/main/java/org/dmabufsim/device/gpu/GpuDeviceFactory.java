// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/** Device model {@value #MODEL}: creates {@link GpuDriver}s. Stateless. */
public final class GpuDeviceFactory implements DeviceModelFactory {
    /** The model name. */
    public static final String MODEL = "gpu";

    @Override
    public String model() {
        return MODEL;
    }

    /** @throws ErrnoException EINVAL for a configuration of another model or a bad property */
    @Override
    public DeviceDriver create(DriverContext context) {
        if (!MODEL.equals(context.config().model())) {
            throw new ErrnoException(Errno.EINVAL, context.config().name() + ": model " + context.config().model()
                    + " is not " + MODEL);
        }
        return new GpuDriver(context);
    }
}
