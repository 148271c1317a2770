// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import java.util.Locale;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * Heap type {@value #TYPE_NAME}: ION's system heap with page pools and deferred free.
 *
 * <p>Setting {@value #KTHREAD}: {@code alloc} (default) or {@code starved}, how the deferred-free
 * thread is scheduled (see {@link SystemHeapPolicy}).
 */
public final class SystemHeapFactory implements HeapFactory {
    /** The heap type. */
    public static final String TYPE_NAME = "system";
    /** Spec setting: scheduling of the deferred-free kthread. */
    public static final String KTHREAD = "deferred.kthread";

    @Override
    public String type() {
        return TYPE_NAME;
    }

    /** @throws ErrnoException EINVAL for an unknown {@value #KTHREAD} value */
    @Override
    public HeapPolicy create(HeapContext context) {
        String mode = context.spec().config().getOrDefault(KTHREAD, "alloc");
        SystemHeapPolicy.Kthread kthread;
        try {
            kthread = SystemHeapPolicy.Kthread.valueOf(mode.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ErrnoException(Errno.EINVAL, context.spec().name() + ": " + KTHREAD + "=" + mode
                    + " (alloc or starved)");
        }
        return new SystemHeapPolicy(context.spec().name(), context.sim(), kthread);
    }
}
