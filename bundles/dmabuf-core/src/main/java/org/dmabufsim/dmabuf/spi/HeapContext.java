// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.sim.Simulation;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a heap policy gets from the core when it is created.
 *
 * @ThreadSafe
 */
@ProviderType
public interface HeapContext {

    /** The simulation the heap lives in: memory map, CPU (for zeroing), log, random streams. */
    Simulation sim();

    /** The heap's spec. */
    HeapSpec spec();
}
