// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The devices of a simulation. Creating a device gives it its DMA address space (a dma-direct view
 * or a fresh IOMMU domain); closing the returned handle unbinds it.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaDevices {

    /**
     * Binds a device.
     *
     * @throws org.dmabufsim.sim.ErrnoException EEXIST if a live device has that name
     */
    DmaDevice create(DeviceSpec spec);

    /** Live devices, in creation order. */
    List<DmaDevice> list();

    /** The live device of that name. */
    Optional<DmaDevice> find(String name);
}
