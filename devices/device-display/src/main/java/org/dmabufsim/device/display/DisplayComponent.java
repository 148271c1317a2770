// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.display;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link DisplayDeviceFactory} as a {@link DeviceModelFactory} service of model {@code display}. */
@Component(service = DeviceModelFactory.class, immediate = true,
        property = DeviceModelFactory.MODEL + "=" + DisplayDeviceFactory.MODEL)
public final class DisplayComponent implements DeviceModelFactory {
    private final DisplayDeviceFactory factory;

    @Activate
    public DisplayComponent() {
        this.factory = new DisplayDeviceFactory();
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
