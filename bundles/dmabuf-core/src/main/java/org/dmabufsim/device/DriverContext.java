// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.sim.Simulation;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a driver instance gets from the core.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DriverContext {

    /** The simulation. */
    Simulation sim();

    /** The instance's configuration. */
    DeviceConfig config();

    /**
     * Binds the driver's device and returns the handle to its DMA address space. The driver closes
     * it when it is closed; a handle it leaves open is closed by the core after the driver's
     * {@link DeviceDriver#close()} (dma-debug's leak report, force-unmap, IOVA and bounce slots freed).
     */
    DmaDevice openDevice(DeviceSpec spec);
}
