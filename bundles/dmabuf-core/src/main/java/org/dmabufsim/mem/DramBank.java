// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/**
 * One bank of DRAM in the physical address map.
 *
 * @param base physical address of the first byte, page aligned
 * @param size bytes, a non-zero multiple of the page size
 */
public record DramBank(long base, long size) {

    public DramBank {
        if (base < 0 || size <= 0 || (base & (MemoryMap.PAGE_SIZE - 1)) != 0 || (size & (MemoryMap.PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException(String.format("bad DRAM bank base=%#x size=%#x", base, size));
        }
    }

    /** One past the last byte. */
    public long end() {
        return base + size;
    }
}
