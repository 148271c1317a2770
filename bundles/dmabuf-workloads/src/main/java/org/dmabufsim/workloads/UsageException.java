// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

/**
 * Bad job arguments. The message is what went wrong followed by the usage, so the launcher's report
 * of the failed job tells the user what to type.
 */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    UsageException(String problem) {
        super("bad arguments: " + problem + "\n\n" + JobArgs.USAGE);
        this.problem = problem;
    }

    /** What went wrong, without the usage. */
    String problem() {
        return problem;
    }
}
