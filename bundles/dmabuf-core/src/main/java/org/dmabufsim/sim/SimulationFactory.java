// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Creates simulations. In OSGi the core bundle registers one as a service; in plain Java
 * {@link Simulation#create(SimulationConfig)} finds it through {@link java.util.ServiceLoader}.
 *
 * @ThreadSafe
 */
@ProviderType
public interface SimulationFactory {

    /**
     * A new simulation that shares no state with any other.
     *
     * @param config must not be {@code null}
     * @throws ErrnoException {@link Errno#EINVAL} if the memory layout is inconsistent (overlapping
     *         banks or regions, a region outside every bank, sizes not page aligned)
     */
    Simulation create(SimulationConfig config);
}
