// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

/**
 * {@code struct dma_buf_export_info}.
 *
 * @param expName exporter name shown in bufinfo, e.g. {@code "system"}
 * @param size bytes
 * @param ops the exporter's ops; {@code null} fails export with EINVAL (rule 1)
 * @param fileFlags {@code O_*} flags of the dma-buf file, e.g. {@link #O_RDWR}
 * @param owner who holds the reference export returns
 */
public record ExportInfo(String expName, long size, DmaBufOps ops, int fileFlags, Owner owner) {

    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_RDWR = 2;
    public static final int O_ACCMODE = 3;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
}
