// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

/**
 * How a CPU mapping's memory attributes reach memory, by physical address. Each piece passed in lies
 * in physically contiguous DRAM.
 */
interface CpuAccess {

    void read(long phys, byte[] dst, int off, int len);

    void write(long phys, byte[] src, int off, int len);

    void fill(long phys, long len, byte value);

    /** Pushes buffered writes to DRAM (write-combine); nothing for the other attributes. */
    default void drain() {
    }
}
