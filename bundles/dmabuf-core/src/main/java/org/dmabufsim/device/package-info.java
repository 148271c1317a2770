// SPDX-License-Identifier: Apache-2.0
/**
 * Device models: drivers that import dma-bufs and run DMA on them as kernel importers do (attach,
 * map, DMA jobs, unmap, detach). A device bundle contributes a {@link org.dmabufsim.device.DeviceModelFactory}
 * service; a simulation creates driver instances from it with
 * {@link org.dmabufsim.device.DeviceDrivers#add}, in OSGi from ConfigAdmin factory configurations.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.dmabufsim.device;
