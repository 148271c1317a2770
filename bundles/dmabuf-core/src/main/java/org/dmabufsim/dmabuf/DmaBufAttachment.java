// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code struct dma_buf_attachment}: one device attached to one buffer.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaBufAttachment {

    /** The buffer. */
    DmaBuf dmabuf();

    /** The importing device. */
    DmaDevice device();

    /** False once detached (or force-detached when the device went away). */
    boolean isAttached();

    /** For exporters with {@code cache_sgt_mapping}: the cached table, once mapped. */
    Optional<SgTable> cachedSgt();

    /** The direction of the cached table. */
    Optional<DmaDirection> cachedDirection();
}
