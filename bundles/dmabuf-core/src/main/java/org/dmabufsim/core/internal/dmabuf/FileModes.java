// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.dmabuf.ExportInfo;

/**
 * {@code f_flags} and {@code f_mode} of a dma-buf file, as {@code dma_buf_getfile} and
 * {@code alloc_file_pseudo} set them (kernel 6.0 and later, the version of {@code dma-buf.c} modelled).
 *
 * <p>{@code alloc_empty_file} starts from {@code OPEN_FMODE(flags) = ((flags + 1) & O_ACCMODE)}, so
 * {@code O_RDONLY} gives {@code FMODE_READ}, {@code O_WRONLY} {@code FMODE_WRITE} and {@code O_RDWR} both.
 * {@code file_init_path} adds {@code FMODE_LSEEK} because {@code dma_buf_fops} has {@code llseek},
 * no {@code FMODE_CAN_READ}/{@code FMODE_CAN_WRITE} (no read or write op), and {@code FMODE_OPENED}.
 * So an {@code O_RDWR} buffer shows mode {@code 00080007} in bufinfo, as on real systems.
 */
final class FileModes {
    static final int FMODE_READ = 0x1;
    static final int FMODE_WRITE = 0x2;
    static final int FMODE_LSEEK = 0x4;
    static final int FMODE_OPENED = 0x80000;

    private FileModes() {
    }

    /** {@code file->f_flags = flags & (O_ACCMODE | O_NONBLOCK)} (rule 6). */
    static int fileFlags(int flags) {
        return flags & (ExportInfo.O_ACCMODE | ExportInfo.O_NONBLOCK);
    }

    /** {@code file->f_mode} for a file opened with {@code flags}. */
    static int fileMode(int flags) {
        return ((flags + 1) & ExportInfo.O_ACCMODE) | FMODE_LSEEK | FMODE_OPENED;
    }
}
