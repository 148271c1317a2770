// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.sim.Simulation;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device driver instance of the default simulation per factory configuration {@value #PID}:
 * activation adds it ({@code sim.drivers().add(config, factory)}, the driver's probe), deactivation
 * removes it (driver unbind; the core closes what the driver left open). Both references are static
 * and mandatory, so the instance is removed before the device bundle's factory service or the
 * simulation goes away. A configuration change removes and re-adds the driver.
 *
 * <p>{@code factory.target} selects the model, e.g. {@code (dmabuf.device.model=camera)}; every
 * property but {@code name}, {@code model} and those of the framework reaches the driver through
 * {@link DeviceConfig#properties()}.
 */
@Component(service = {}, configurationPid = DeviceInstanceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DeviceInstanceComponent.Config.class, factory = true)
public final class DeviceInstanceComponent {
    /** The factory PID. */
    public static final String PID = "org.dmabufsim.device";

    private static final Logger LOG = LoggerFactory.getLogger(DeviceInstanceComponent.class);

    /** One device instance; model-specific properties are passed through as well. */
    @ObjectClassDefinition(name = "dmabuf-sim device", description = "A device driver instance of the default"
            + " simulation, made by the device model that factory.target selects")
    public @interface Config {
        @AttributeDefinition(name = "Name", description = "Unique device name (dev_name), e.g. camera0")
        String name();

        @AttributeDefinition(name = "Model", description = "Device model, e.g. camera; empty: the bound"
                + " factory's model", required = false)
        String model() default "";

        @AttributeDefinition(name = "Device model filter", description = "Selects the factory service, e.g."
                + " (dmabuf.device.model=camera)")
        String factory_target();
    }

    private final Simulation sim;
    private final String name;

    /**
     * Adds the driver instance.
     *
     * @throws org.dmabufsim.sim.ErrnoException as {@link org.dmabufsim.device.DeviceDrivers#add} does,
     *         or EINVAL for a configuration without a name (DS then logs it; nothing is added)
     */
    @Activate
    public DeviceInstanceComponent(@Reference(name = "simulation", target = DefaultSimulationComponent.TARGET)
            Simulation sim, @Reference(name = "factory") DeviceModelFactory factory, Config config,
            Map<String, Object> properties) {
        DeviceConfig device = DeviceSettings.toDeviceConfig(config, properties, factory.model());
        sim.drivers().add(device, factory);
        this.sim = sim;
        this.name = device.name();
        LOG.info("device {}: configured by {}", name, properties.get("service.pid"));
    }

    @Deactivate
    void deactivate() {
        boolean removed = sim.drivers().remove(name);
        LOG.info("device {}: configuration gone ({})", name, removed ? "removed" : "already removed");
    }

    /** The device's name. */
    String name() {
        return name;
    }
}
