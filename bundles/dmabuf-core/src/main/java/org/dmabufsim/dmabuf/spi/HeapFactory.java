// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A heap type, contributed by a heap bundle as an OSGi service (whiteboard) with the service
 * property {@link #TYPE}. A simulation creates heap instances from it with
 * {@link org.dmabufsim.dmabuf.DmaHeaps#add}.
 */
@ConsumerType
public interface HeapFactory {

    /** Service property naming the heap type. */
    String TYPE = "dmabuf.heap.type";

    /** The heap type, e.g. {@code "system"} or {@code "cma"}. */
    String type();

    /**
     * Creates the policy of one heap instance.
     *
     * @throws org.dmabufsim.sim.ErrnoException if the spec's settings are wrong (e.g. ENODEV for a
     *         missing CMA area)
     */
    HeapPolicy create(HeapContext context);
}
