// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The simulation's dmesg: every {@code WARN}, {@code pr_err}, dma-debug report and {@code BUG} in
 * the order they happened. Each record is also logged through SLF4J.
 *
 * @ThreadSafe
 */
@ProviderType
public interface KernelLog {

    /** Severity, from the kernel's point of view. */
    enum Level { INFO, WARN, ERROR, BUG }

    /**
     * One line of the log.
     *
     * @param sequence position in the log, from 0
     * @param timeNs modelled time at which it was printed
     * @param level severity
     * @param message the text, exactly as the kernel prints it where the kernel defines it
     */
    record Record(long sequence, long timeNs, Level level, String message) {
    }

    /** All records so far, oldest first. Never {@code null}. */
    List<Record> records();

    /** The records whose message contains {@code text}, oldest first. */
    List<Record> grep(String text);

    /** How many records of this level were printed. */
    long count(Level level);

    /**
     * {@code printk}: appends a record at the current modelled time. For code outside the core that
     * prints what a kernel driver prints (e.g. a device model's {@code DRM_ERROR}); the text should be
     * the kernel's, exactly.
     *
     * @since 1.1
     */
    void print(Level level, String message);
}
