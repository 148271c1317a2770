// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.gpu;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link GpuDeviceFactory} as a {@link DeviceModelFactory} service of model {@code gpu}. */
@Component(service = DeviceModelFactory.class, immediate = true,
        property = DeviceModelFactory.MODEL + "=" + GpuDeviceFactory.MODEL)
public final class GpuComponent implements DeviceModelFactory {
    private final GpuDeviceFactory factory;

    @Activate
    public GpuComponent() {
        this.factory = new GpuDeviceFactory();
    }

    @Override
    public String model() {
        return factory.model();
    }

    @Override
    public DeviceDriver create(DriverContext context) {
        return factory.create(context);
    }
}
