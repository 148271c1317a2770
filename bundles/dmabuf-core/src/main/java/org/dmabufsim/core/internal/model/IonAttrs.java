// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemAttr;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * How ION maps a buffer for the CPU (rule 54): {@code PAGE_KERNEL} / unchanged {@code vm_page_prot}
 * only for {@code ION_FLAG_CACHED}, {@code pgprot_writecombine} otherwise. Stateless.
 */
final class IonAttrs {

    private IonAttrs() {
    }

    /** {@code ion_mmap}: write-combine unless ION_FLAG_CACHED. */
    static MemAttr userAttr(PageBuffer buffer) {
        return (buffer.flags() & PageExportInfo.FLAG_CACHED) != 0 ? MemAttr.CACHEABLE : MemAttr.WRITE_COMBINE;
    }

    /**
     * {@code ion_heap_map_kernel}: a vmap of every page with the same attributes as user mappings;
     * a heap without {@code map_kernel} gives ENODEV ("map kernel is not implemented by this heap.").
     */
    static CpuMapping mapKernel(PageBuffer buffer, String function, KernelLogImpl log) {
        if (!buffer.kernelMappable()) {
            String message = IonReports.noMapKernel(function);
            log.error(message);
            throw new ErrnoException(Errno.ENODEV, message);
        }
        return buffer.sim().cpu().map(buffer.pages(), userAttr(buffer));
    }
}
