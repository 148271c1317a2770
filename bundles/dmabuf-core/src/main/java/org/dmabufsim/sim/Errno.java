// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

/**
 * The Linux errno values the simulation reports, with their asm-generic numbers.
 */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13), EFAULT(14),
    EBUSY(16), EEXIST(17), ENODEV(19), EINVAL(22), EMFILE(24), ENOTTY(25), ENOSPC(28), ERANGE(34),
    EOVERFLOW(75), EREMOTEIO(121), ERESTARTSYS(512);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    /** The positive errno number, as in {@code include/uapi/asm-generic/errno-base.h}. */
    public int number() {
        return number;
    }

    /** The value a kernel function returns for this error: {@code -number()}. */
    public int negative() {
        return -number;
    }
}
