// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.Map;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.spi.HeapFactory;
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
 * One heap of the default simulation per factory configuration {@value #PID}: activation adds it
 * ({@code sim.heaps().add(spec, factory)}), deactivation removes it. Both references are static and
 * mandatory, so DS deactivates the instance before the heap bundle's factory service or the
 * simulation goes away: that is how a stopping heap bundle drains (new allocations ENODEV, live
 * buffers keep working). A configuration change removes and re-adds the heap.
 *
 * <p>{@code factory.target} selects the factory, e.g. {@code (dmabuf.heap.type=system)}; without it
 * any heap factory may bind, and a factory of another type than {@code type} is refused (EINVAL).
 */
@Component(service = {}, configurationPid = HeapInstanceComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = HeapInstanceComponent.Config.class, factory = true)
public final class HeapInstanceComponent {
    /** The factory PID. */
    public static final String PID = "org.dmabufsim.heap";

    private static final Logger LOG = LoggerFactory.getLogger(HeapInstanceComponent.class);

    /** One heap instance. */
    @ObjectClassDefinition(name = "dmabuf-sim heap", description = "A heap of the default simulation, made by"
            + " the heap factory that factory.target selects")
    public @interface Config {
        @AttributeDefinition(name = "Name", description = "Unique heap name (the dma-heap node), e.g. system")
        String name();

        @AttributeDefinition(name = "Type", description = "Heap type, e.g. system or cma; empty: the bound"
                + " factory's type", required = false)
        String type() default "";

        @AttributeDefinition(name = "ION heap id", description = "The bit in heap_id_mask, 0..31, unique")
        int id();

        @AttributeDefinition(name = "Caching model", description = "ion-4.9, ion-4.12 or dma-heap")
        String caching_model() default HeapSettings.DEFAULT_CACHING_MODEL;

        @AttributeDefinition(name = "CMA area", description = "For type cma: the reserved region, e.g. linux,cma",
                required = false)
        String cma_area() default "";

        @AttributeDefinition(name = "Heap factory filter", description = "Selects the factory service, e.g."
                + " (dmabuf.heap.type=system)")
        String factory_target();
    }

    private final Simulation sim;
    private final String name;

    /**
     * Adds the heap.
     *
     * @throws org.dmabufsim.sim.ErrnoException as {@link org.dmabufsim.dmabuf.DmaHeaps#add} does, or
     *         EINVAL for a configuration without name or id (DS then logs it; no heap is added)
     */
    @Activate
    public HeapInstanceComponent(@Reference(name = "simulation", target = DefaultSimulationComponent.TARGET)
            Simulation sim, @Reference(name = "factory") HeapFactory factory, Config config,
            Map<String, Object> properties) {
        HeapSpec spec = HeapSettings.toHeapSpec(config, properties, factory.type());
        HeapInfo info = sim.heaps().add(spec, factory);
        this.sim = sim;
        this.name = info.name();
        LOG.info("heap {}: configured by {}", name, properties.get("service.pid"));
    }

    @Deactivate
    void deactivate() {
        boolean removed = sim.heaps().remove(name);
        LOG.info("heap {}: configuration gone ({})", name, removed ? "removed" : "already removed");
    }

    /** The heap's name. */
    String name() {
        return name;
    }
}
