// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * What {@code sg_set_page(sg, page, length, offset)} stores: a run of physically contiguous memory.
 *
 * @param pfn page frame of the first page
 * @param offset byte offset into that page
 * @param length bytes, at least 1
 */
public record SgSegment(long pfn, long offset, long length) {

    public SgSegment {
        if (pfn < 0 || offset < 0 || length < 1) {
            throw new IllegalArgumentException("bad sg segment pfn=" + pfn + " offset=" + offset + " length=" + length);
        }
    }

    /** Physical address of the first byte. */
    public long phys() {
        return (pfn << 12) + offset;
    }
}
