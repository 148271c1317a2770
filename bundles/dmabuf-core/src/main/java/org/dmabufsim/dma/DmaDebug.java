// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * CONFIG_DMA_API_DEBUG, always on: every map, unmap and sync is recorded and checked with the
 * kernel's messages. Every report is also a WARN in the {@link org.dmabufsim.sim.KernelLog}.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaDebug {

    /**
     * {@code dma-api/error_count}: all errors so far, i.e. every {@code err_printk}. As in the kernel,
     * the overlap overflow ({@link DmaDebugError#OVERLAP_EXCEEDED}, a {@code WARN_ONCE}) is reported
     * and counted in its class but not here.
     */
    long errorCount();

    /** Errors of one class. */
    long errorCount(DmaDebugError error);

    /** Errors per class, only classes that occurred. */
    Map<DmaDebugError, Long> errorCounts();

    /** Every report, oldest first. */
    List<DmaDebugReport> reports();

    /** Reports about one device, oldest first. */
    List<DmaDebugReport> reports(String device);

    /** Live mappings of every device. */
    List<DmaDebugEntry> entries();

    /** Live mappings of one device. */
    List<DmaDebugEntry> entries(String device);

    /** {@code dma-api/dump}: one line per live mapping, in the kernel's format. */
    String dump();
}
