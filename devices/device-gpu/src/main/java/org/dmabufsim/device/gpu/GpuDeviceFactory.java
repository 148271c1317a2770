// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.common.DriverChecks;
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
        DriverChecks.checkModel(context, MODEL);
        return new GpuDriver(context);
    }
}
