// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A caching model's view of one attachment of a page-backed buffer, with the per-attachment state
 * the kernel exporters keep ({@code struct dma_heap_attachment}: table and {@code mapped}).
 *
 * @ThreadSafe
 */
@ProviderType
public interface PageAttachment {

    /** The dma-buf attachment. */
    DmaBufAttachment attachment();

    /** The importing device. */
    default DmaDevice device() {
        return attachment().device();
    }

    /** The attachment's own table, if the model made one. */
    Optional<SgTable> table();

    /** Stores the attachment's own table; {@code null} drops it (the table is freed at detach). */
    void setTable(SgTable table);

    /** The {@code mapped} flag (rule 75). */
    boolean isMapped();

    /** Sets the {@code mapped} flag. */
    void setMapped(boolean mapped);
}
