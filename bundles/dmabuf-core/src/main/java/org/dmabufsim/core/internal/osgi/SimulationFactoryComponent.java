// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import org.dmabufsim.core.internal.sim.SimulationFactoryImpl;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.dmabufsim.sim.SimulationFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the core's {@link SimulationFactory} as an OSGi service. A thin wrapper: all the work is
 * in {@link SimulationFactoryImpl}, which plain Java finds through {@link java.util.ServiceLoader}.
 *
 * <p>Simulations created through this service belong to their caller; deactivating the component
 * does not close them (the caller owns their lifetime, as it would without OSGi).
 */
@Component(service = SimulationFactory.class, immediate = true)
public final class SimulationFactoryComponent implements SimulationFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SimulationFactoryComponent.class);

    private final SimulationFactory delegate;

    @Activate
    public SimulationFactoryComponent() {
        this(new SimulationFactoryImpl());
    }

    /** For tests: wraps any factory. */
    SimulationFactoryComponent(SimulationFactory delegate) {
        this.delegate = delegate;
        LOG.info("dmabuf-core: simulation factory registered");
    }

    @Deactivate
    void deactivate() {
        LOG.info("dmabuf-core: simulation factory unregistered");
    }

    @Override
    public Simulation create(SimulationConfig config) {
        return delegate.create(config);
    }
}
