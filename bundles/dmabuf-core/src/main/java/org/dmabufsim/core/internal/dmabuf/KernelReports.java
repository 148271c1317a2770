// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.sim.KernelBug;

/**
 * {@code WARN_ON} and {@code BUG_ON} of {@code drivers/dma-buf/dma-buf.c} as dmesg lines. The kernel
 * prints {@code "WARNING: CPU: n PID: n at drivers/dma-buf/dma-buf.c:LINE function+off/len"}; line
 * numbers and CPU/PID vary per build, so the simulation prints the file, the function and the
 * condition instead: {@code "WARNING: at drivers/dma-buf/dma-buf.c dma_buf_release: WARN_ON(...)"}.
 */
final class KernelReports {
    static final String DMA_BUF_C = "drivers/dma-buf/dma-buf.c";

    private KernelReports() {
    }

    /** Prints a WARN for {@code condition} in {@code function}. */
    static void warnOn(KernelLogImpl log, String function, String condition) {
        log.warn("WARNING: at " + DMA_BUF_C + " " + function + ": " + condition);
    }

    /** Prints a BUG for {@code condition} in {@code function} and returns the exception to throw. */
    static KernelBug bugOn(KernelLogImpl log, String function, String condition) {
        log.bug("kernel BUG at " + DMA_BUF_C + " " + function + ": " + condition);
        return new KernelBug(condition);
    }
}
