// SPDX-License-Identifier: Apache-2.0
/**
 * The dma-buf core ({@code drivers/dma-buf/dma-buf.c}): export, attach, map, CPU access, vmap, mmap,
 * names, references tracked per owner, reservation objects, the global buffer list and
 * {@code bufinfo}.
 *
 * <p>Exporters with their own ops implement {@link org.dmabufsim.dmabuf.DmaBufOps}; page-backed
 * buffers (what heaps allocate) are exported with {@link org.dmabufsim.dmabuf.DmaBufs#exportPages} and
 * get their behaviour from a caching model ({@link org.dmabufsim.dmabuf.spi.CachingModel}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.dmabufsim.dmabuf;
