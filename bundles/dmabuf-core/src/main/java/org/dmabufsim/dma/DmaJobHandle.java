// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A submitted {@link DmaJob}.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaJobHandle {

    /** The fence the job signals when it ends. */
    DmaFence fence();

    /** Waits for the fence (running the queue as needed) and returns the result. */
    DmaJobResult await();

    /** The result, once the job ran. */
    Optional<DmaJobResult> result();
}
