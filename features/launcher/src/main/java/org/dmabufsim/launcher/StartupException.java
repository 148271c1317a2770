// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

/** The framework or one of the launcher's bundles could not be started; the framework was stopped. */
final class StartupException extends Exception {
    private static final long serialVersionUID = 1L;

    StartupException(String message) {
        super(message);
    }

    StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
