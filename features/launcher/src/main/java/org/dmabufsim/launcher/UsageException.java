// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

/** A command line the launcher cannot use; the message says why. */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
