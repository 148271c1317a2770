// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.PrintStream;
import org.apache.felix.framework.Logger;

/**
 * The framework's own diagnostics ("ERROR: Bundle ... Error starting ...") go to standard error, not
 * to standard output as Felix does by default: standard output carries only the job's result.
 * Installed through the framework property {@code felix.log.logger}.
 */
final class FelixLog extends Logger {
    private final PrintStream err;

    FelixLog(PrintStream err) {
        this.err = err;
    }

    /** {@code msg} already names the bundle, the service and the exception (Felix formats them in). */
    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        err.println("felix " + levelName(level) + ": " + msg);
    }

    private static String levelName(int level) {
        return switch (level) {
            case LOG_ERROR -> "ERROR";
            case LOG_WARNING -> "WARNING";
            case LOG_INFO -> "INFO";
            default -> "DEBUG";
        };
    }
}
