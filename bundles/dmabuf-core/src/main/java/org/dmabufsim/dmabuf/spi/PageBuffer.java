// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import java.util.List;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Simulation;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A caching model's view of a page-backed buffer.
 *
 * @ThreadSafe
 */
@ProviderType
public interface PageBuffer {

    /** The dma-buf. */
    DmaBuf dmabuf();

    /** The simulation: DMA API, CPU, cache, log. */
    Simulation sim();

    /** The chunks, in buffer order. */
    List<PageRange> pages();

    /** Buffer length. */
    long size();

    /** Heap flags ({@code PageExportInfo.FLAG_*}). */
    long flags();

    /** Whether the heap can map the buffer into the kernel ({@code heap->ops->map_kernel}). */
    boolean kernelMappable();

    /**
     * The buffer's own table ({@code buffer->sg_table}): one entry per chunk. A model may write its
     * DMA fields (ION v4.9 did) and hand it to importers.
     */
    SgTable table();

    /** The attachments, newest first. */
    List<PageAttachment> attachments();

    /** Current vmap count. */
    int vmapCount();

    /** The model's private per-buffer state ({@code null} until set). */
    Object modelState();

    /** Sets the model's private per-buffer state. */
    void setModelState(Object state);
}
