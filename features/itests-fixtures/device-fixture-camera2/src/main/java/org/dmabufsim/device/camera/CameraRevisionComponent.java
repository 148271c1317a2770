// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.common.DriverChecks;
import org.dmabufsim.sim.ErrnoException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Revision {@value #REVISION} of the camera bundle: registers the model {@code camera} as
 * {@code CameraComponent} does, with the service property {@value #REVISION_PROPERTY}, and creates
 * {@link ReprocessCameraDriver}s.
 */
@Component(service = DeviceModelFactory.class, immediate = true,
        property = {DeviceModelFactory.MODEL + "=" + CameraDeviceFactory.MODEL,
            CameraRevisionComponent.REVISION_PROPERTY + "=" + CameraRevisionComponent.REVISION})
public final class CameraRevisionComponent implements DeviceModelFactory {
    /** Service property naming the revision of a device model. */
    public static final String REVISION_PROPERTY = "dmabuf.device.revision";
    /** This revision: the bundle version without qualifier. */
    public static final String REVISION = "0.1.1";

    @Activate
    public CameraRevisionComponent() {
        // stateless: every driver gets its own state
    }

    @Override
    public String model() {
        return CameraDeviceFactory.MODEL;
    }

    /** @throws ErrnoException EINVAL for a configuration of another model or a bad property */
    @Override
    public DeviceDriver create(DriverContext context) {
        DriverChecks.checkModel(context, CameraDeviceFactory.MODEL);
        return new ReprocessCameraDriver(context);
    }
}
