// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;
import org.dmabufsim.sim.SimulationFactory;

/** The factory found by {@link java.util.ServiceLoader} in plain Java (and wrapped by DS in OSGi). */
public final class SimulationFactoryImpl implements SimulationFactory {

    @Override
    public Simulation create(SimulationConfig config) {
        return new SimulationImpl(config);
    }
}
