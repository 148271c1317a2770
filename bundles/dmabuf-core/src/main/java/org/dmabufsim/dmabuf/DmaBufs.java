// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The dma-buf core of one simulation.
 *
 * @ThreadSafe
 */
@ProviderType
public interface DmaBufs {

    /**
     * {@code dma_buf_export} (rule 1).
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL if ops, name or owner are missing, or the size is 0
     */
    DmaBuf export(ExportInfo info);

    /**
     * Exports page-backed memory with a caching model. The model's {@code allocated} hook runs before
     * this returns; at release the model's {@code released} hook runs, then the pages go to the info's
     * sink (or back to the memory map).
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL for an unknown caching model, no pages, or a
     *         size of 0 or larger than the pages
     */
    DmaBuf exportPages(PageExportInfo info);

    /** The global buffer list, newest first. */
    List<DmaBuf> list();

    /** The live buffer with that inode. */
    Optional<DmaBuf> find(long inode);

    /** {@code /sys/kernel/debug/dma_buf/bufinfo}, in the kernel's exact format (rule 34). */
    String bufinfo();

    /**
     * The caching model's view of a page-backed buffer of this core: its pages and own table, and per
     * attachment the exporter's table and {@code mapped} flag (what {@code attach->priv} holds in the
     * kernel). For observing what an exporter did, e.g. that ION's attach duplicated the table with
     * {@code dma_address} 0 (rule 55); callers must not change it. Empty for buffers exported with
     * {@link #export} and for buffers of another simulation.
     *
     * @param buf a buffer of this simulation, live or released
     * @since 1.1
     */
    Optional<PageBuffer> pageBuffer(DmaBuf buf);

    /** Names of the registered caching models. */
    List<String> cachingModels();

    /**
     * Adds a caching model.
     *
     * @throws org.dmabufsim.sim.ErrnoException EEXIST if one of that name is registered
     */
    void registerCachingModel(CachingModel model);

    /** Removes a caching model; buffers using it keep it until they are released. */
    void unregisterCachingModel(String name);
}
