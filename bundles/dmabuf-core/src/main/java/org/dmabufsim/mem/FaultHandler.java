// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The {@code vm_ops->fault} of a fault-tracked mapping (see {@link Cpu#mapFaulting}): called when the
 * CPU touches a page that is not present in the mapping.
 */
@ConsumerType
@FunctionalInterface
public interface FaultHandler {

    /**
     * Handles a fault. To let the access proceed the handler calls
     * {@link CpuMapping#insertPage(long)} and returns {@code true}; returning {@code false} is a
     * SIGBUS and the access throws.
     *
     * @param mapping the mapping that faulted
     * @param pageIndex page index within the mapping
     * @param write whether the access was a write
     */
    boolean fault(CpuMapping mapping, long pageIndex, boolean write);
}
