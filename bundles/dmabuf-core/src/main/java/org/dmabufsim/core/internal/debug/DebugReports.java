// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDevice;

/**
 * What {@code err_printk} does, minus the print limit: count in {@code error_count} and per class,
 * keep the report, and WARN in the kernel log. The kernel prints only the first {@code num_errors}
 * (default 1) unless {@code all_errors} is set; the simulation behaves as {@code all_errors=1}.
 */
final class DebugReports {
    private final KernelLogImpl log;
    private final LongSupplier clock;
    private final LongAdder errorCount = new LongAdder();
    private final LongAdder[] perClass = new LongAdder[DmaDebugError.values().length];
    private final Object reportLock = new Object(); // guards reports
    private final List<DmaDebugReport> reports = new ArrayList<>();

    DebugReports(KernelLogImpl log, LongSupplier clock) {
        this.log = log;
        this.clock = clock;
        for (int i = 0; i < perClass.length; i++) {
            perClass[i] = new LongAdder();
        }
    }

    /** {@code err_printk(dev, entry, format, ...)}: the line is {@code "DMA-API: <driver> <device>: " + body}. */
    void errPrintk(DmaDebugError error, DmaDevice dev, String body) {
        errorCount.increment();
        record(error, dev, DebugMessages.prefix(dev) + body);
    }

    /**
     * A WARN of debug.c outside err_printk (the overlap overflow {@code WARN_ONCE}): reported and
     * counted in its class, but not in {@code error_count}, as in the kernel. The kernel prints it
     * once per boot; every occurrence is recorded here.
     */
    void warn(DmaDebugError error, DmaDevice dev, String line) {
        record(error, dev, line);
    }

    long errorCount() {
        return errorCount.sum();
    }

    long errorCount(DmaDebugError error) {
        return perClass[error.ordinal()].sum();
    }

    Map<DmaDebugError, Long> errorCounts() {
        Map<DmaDebugError, Long> counts = new EnumMap<>(DmaDebugError.class);
        for (DmaDebugError error : DmaDebugError.values()) {
            long n = errorCount(error);
            if (n > 0) {
                counts.put(error, n);
            }
        }
        return counts;
    }

    List<DmaDebugReport> reports() {
        synchronized (reportLock) {
            return List.copyOf(reports);
        }
    }

    List<DmaDebugReport> reports(String device) {
        synchronized (reportLock) {
            return reports.stream().filter(r -> r.device().equals(device)).toList();
        }
    }

    private void record(DmaDebugError error, DmaDevice dev, String message) {
        perClass[error.ordinal()].increment();
        DmaDebugReport report = new DmaDebugReport(error, DebugMessages.driver(dev), DebugMessages.name(dev), message,
                clock.getAsLong());
        synchronized (reportLock) {
            reports.add(report);
        }
        log.warn(message);
    }
}
