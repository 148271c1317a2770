// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

/**
 * A kernel {@code BUG()} or {@code BUG_ON()}: the call would have oopsed the kernel.
 *
 * <p>The simulation throws it instead of corrupting itself and leaves the objects involved as they
 * were before the call (for example a dma-buf whose last reference was dropped while it was still
 * vmapped stays on the buffer list). It is also recorded in the {@link KernelLog} at level
 * {@link KernelLog.Level#BUG}.
 */
public class KernelBug extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message the condition, e.g. {@code "BUG_ON(dmabuf->vmapping_counter)"} */
    public KernelBug(String message) {
        super(message);
    }
}
