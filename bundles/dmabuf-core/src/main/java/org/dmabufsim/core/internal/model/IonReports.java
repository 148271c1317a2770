// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.Locale;
import org.dmabufsim.core.internal.sim.KernelLogImpl;

/**
 * dmesg lines of {@code drivers/staging/android/ion/ion.c}: its {@code pr_err}s and
 * {@code WARN_ON}s (printed with file, function and condition instead of line numbers, as the
 * dma-buf core does), and the simulator's own diagnostics for ION's known defects (rule 57), which
 * the kernel never printed and which say so.
 */
final class IonReports {
    static final String ION_C = "drivers/staging/android/ion/ion.c";
    /** Tag of the messages the kernel did not print. */
    static final String DIAGNOSTIC = "[dmabuf-sim diagnostic, not a kernel message]";

    private IonReports() {
    }

    /** {@code pr_err("%s: map kernel is not implemented by this heap.\n", __func__)}. */
    static String noMapKernel(String function) {
        return function + ": map kernel is not implemented by this heap.";
    }

    /** A {@code WARN_ON(condition)} in {@code function} of ion.c. */
    static void warnOn(KernelLogImpl log, String function, String condition) {
        log.warn("WARNING: at " + ION_C + " " + function + ": " + condition);
    }

    /**
     * Rule 57a: {@code ion_dma_buf_begin/end_cpu_access} syncs an attachment that is not mapped.
     * Never mapped, its table still has {@code dma_address 0}; unmapped, a stale address.
     */
    static String unmappedSync(String device, long dmaAddress, String function) {
        String address = dmaAddress == 0 ? "dma_address 0" : String.format(Locale.ROOT, "stale dma_address 0x%x",
                dmaAddress);
        return "ion: sync of unmapped attachment " + device + " (" + address + ") in " + function
                + ": ION syncs every attachment, mapped or not (rule 57a) " + DIAGNOSTIC;
    }

    /** Rule 57b: {@code ion_buffer_kmap_put} took {@code kmap_cnt} below zero. */
    static String kmapNegative(long inode, int count) {
        return "ion: kmap_cnt of dma-buf " + inode + " went negative (" + count + "): end_cpu_access without"
                + " begin_cpu_access (rule 57b) " + DIAGNOSTIC;
    }
}
