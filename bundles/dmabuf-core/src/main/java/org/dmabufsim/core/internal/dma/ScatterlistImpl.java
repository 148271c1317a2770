// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import org.dmabufsim.dma.Scatterlist;

/**
 * One scatterlist entry. The CPU side is fixed; the DMA side is written by mapping (or by an
 * exporter that fills it itself). Like the kernel's, the entry has no lock: whoever maps a table
 * owns it until unmap; fields are volatile so readers on other threads see the last write.
 */
public final class ScatterlistImpl implements Scatterlist {
    private final long pfn;
    private final long offset;
    private final long length;
    private volatile long dmaAddress;
    private volatile long dmaLength;

    public ScatterlistImpl(long pfn, long offset, long length) {
        this.pfn = pfn;
        this.offset = offset;
        this.length = length;
    }

    @Override
    public long pfn() {
        return pfn;
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long dmaAddress() {
        return dmaAddress;
    }

    @Override
    public long dmaLength() {
        return dmaLength;
    }

    @Override
    public void setDma(long address, long len) {
        this.dmaAddress = address;
        this.dmaLength = len;
    }

    @Override
    public String toString() {
        return String.format("sg{phys=%#x len=%#x dma=%#x dma_len=%#x}", phys(), length, dmaAddress, dmaLength);
    }
}
