// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A CPU view of page frames with one set of attributes: the linear map, a vmap, a user mmap.
 * Offsets are bytes from the start of the mapping (for the linear map: physical addresses).
 *
 * <p>Accesses through a {@link MemAttr#CACHEABLE} mapping go through the cache with whole-line fills
 * and write-allocate; other attributes bypass it (see {@link MemAttr}). Every access costs modelled
 * CPU time.
 *
 * @ThreadSafe
 */
@ProviderType
public interface CpuMapping {

    /** Length in bytes. */
    long size();

    /** The memory attributes. */
    MemAttr attr();

    /** Reads {@code length} bytes at {@code offset} into {@code dst[dstOffset..]}. */
    void read(long offset, byte[] dst, int dstOffset, int length);

    /** Writes {@code src[srcOffset..srcOffset+length)} at {@code offset}. */
    void write(long offset, byte[] src, int srcOffset, int length);

    /** Writes {@code length} copies of {@code value} at {@code offset}. */
    void fill(long offset, long length, byte value);

    /** Reads one byte. */
    default byte readByte(long offset) {
        byte[] b = new byte[1];
        read(offset, b, 0, 1);
        return b[0];
    }

    /** Reads {@code length} bytes at {@code offset}. */
    default byte[] read(long offset, int length) {
        byte[] b = new byte[length];
        read(offset, b, 0, length);
        return b;
    }

    /** Writes all of {@code src} at {@code offset}. */
    default void write(long offset, byte[] src) {
        write(offset, src, 0, src.length);
    }

    /** The physical address behind {@code offset}. */
    long physAt(long offset);

    /** For a fault-tracked mapping: whether the page is currently present. Always true otherwise. */
    boolean isPresent(long pageIndex);

    /** {@code vm_insert_pfn}: makes a page present. Called by {@link FaultHandler}s. */
    void insertPage(long pageIndex);

    /**
     * {@code zap_page_range}: for a fault-tracked mapping, makes every page absent again so the next
     * touch faults. Pending write-combine data is drained first.
     */
    void zap();

    /** Tears the mapping down (draining pending write-combine data). Later accesses throw. */
    void unmap();

    /** Whether {@link #unmap()} has not been called. */
    boolean isMapped();
}
