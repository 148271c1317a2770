// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.sim.Simulation;

/**
 * What a heap policy is created with. The core hands it to the factory and keeps no reference to
 * it, so nothing here ties the simulation to the heap's bundle.
 */
record HeapContextImpl(Simulation sim, HeapSpec spec) implements HeapContext {
}
