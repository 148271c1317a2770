// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.PrintStream;

/** Formats failures for the console: one line per cause, innermost last. */
final class Failures {
    private static final int MAX_FRAMES = 12;
    private static final int MAX_CAUSES = 8;

    private Failures() {
    }

    /** The exception and its causes on one line, e.g. {@code "BundleException: x; caused by: IOException: y"}. */
    static String describe(Throwable t) {
        StringBuilder text = new StringBuilder();
        int depth = 0;
        for (Throwable cause = t; cause != null && depth++ < MAX_CAUSES; cause = cause.getCause()) {
            if (cause != t) {
                text.append("; caused by: ");
            }
            text.append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    /** The exception, its causes and their top frames: what a user needs to report a failing job. */
    static void print(Throwable t, PrintStream err) {
        int depth = 0;
        for (Throwable cause = t; cause != null && depth++ < MAX_CAUSES; cause = cause.getCause()) {
            err.println((cause == t ? "" : "caused by: ") + cause);
            StackTraceElement[] frames = cause.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, MAX_FRAMES); i++) {
                err.println("    at " + frames[i]);
            }
            if (frames.length > MAX_FRAMES) {
                err.println("    ... " + (frames.length - MAX_FRAMES) + " more");
            }
        }
    }
}
