// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link CameraDeviceFactory} as a {@link DeviceModelFactory} service of model {@code camera}. */
@Component(service = DeviceModelFactory.class, immediate = true,
        property = DeviceModelFactory.MODEL + "=" + CameraDeviceFactory.MODEL)
public final class CameraComponent implements DeviceModelFactory {
    private final CameraDeviceFactory factory;

    @Activate
    public CameraComponent() {
        this.factory = new CameraDeviceFactory();
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
