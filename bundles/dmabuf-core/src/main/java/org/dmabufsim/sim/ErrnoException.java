// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

import java.util.Objects;

/**
 * The one unchecked exception of the simulation: a kernel call failed with a negative errno.
 *
 * <p>Whatever threw it left no state behind: nothing was allocated, mapped or leaked.
 */
public class ErrnoException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Errno errno;

    /**
     * @param errno the error, must not be {@code null}
     * @param message what failed and why, in the kernel's words where the kernel prints any
     */
    public ErrnoException(Errno errno, String message) {
        super(Objects.requireNonNull(errno, "errno") + ": " + message);
        this.errno = errno;
    }

    /** The kernel's errno for this failure. */
    public Errno errno() {
        return errno;
    }
}
