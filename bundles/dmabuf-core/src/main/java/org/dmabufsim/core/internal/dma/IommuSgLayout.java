// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import org.dmabufsim.core.internal.iommu.IovaAllocator;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;

/**
 * The impedance matching of {@code iommu_dma_map_sg} ({@code drivers/iommu/dma-iommu.c}), rules 89
 * and 90: each segment is widened to IOVA granules (its offset into the first granule stashed),
 * padding is added to the previous segment so that no segment crosses the segment boundary, and the
 * whole list takes one IOVA range of {@link #iovaLength()} bytes, segments back to back.
 * {@link #finalise} is {@code __finalise_sg}: it merges output segments that start on a granule,
 * do not start on a segment boundary and stay within {@code max_seg_size}.
 *
 * <p>The kernel rewrites {@code s->offset}/{@code s->length} in place and restores them; here the
 * CPU side of the entries is immutable, so the widened layout lives in this object. Arithmetic on
 * lengths is {@code unsigned int}, as in the kernel. Not thread-safe: one per map call.
 */
final class IommuSgLayout {
    private static final long GRANULE = IovaAllocator.GRANULE;

    private final int nents;
    private final long[] iovaOff; // s_iova_off: offset of the data in its first granule
    private final long[] length; // s_length: the CPU length
    private final long[] iovaLen; // s_iova_len: granule-aligned length plus any padding
    private final long[] phys; // sg_phys of the widened segment
    private final long total;

    private IommuSgLayout(SgTable sgt, int nents, long boundaryMask) {
        this.nents = nents;
        this.iovaOff = new long[nents];
        this.length = new long[nents];
        this.iovaLen = new long[nents];
        this.phys = new long[nents];
        long len = 0;
        for (int i = 0; i < nents; i++) {
            Scatterlist s = sgt.get(i);
            long padLen = (boundaryMask - len + 1) & boundaryMask;
            iovaOff[i] = s.offset() & (GRANULE - 1);
            length[i] = s.length();
            iovaLen[i] = align(s.length() + iovaOff[i]);
            phys[i] = s.phys() - iovaOff[i];
            if (padLen != 0 && Long.compareUnsigned(padLen, iovaLen[i] - 1) < 0) {
                iovaLen[i - 1] += padLen;
                len += padLen;
            }
            len += iovaLen[i];
        }
        this.total = len;
    }

    /** Lays out the first {@code nents} entries of {@code sgt} for a device with that segment boundary. */
    static IommuSgLayout of(SgTable sgt, int nents, long boundaryMask) {
        return new IommuSgLayout(sgt, nents, boundaryMask);
    }

    /** IOVA bytes the whole list needs. */
    long iovaLength() {
        return total;
    }

    /** A run of physically contiguous widened segments, as {@code iommu_map_sg} maps it. */
    @FunctionalInterface
    interface RunMapper {
        void map(long iovaOffset, long phys, long length);
    }

    /** Calls {@code mapper} for each physically contiguous run, in IOVA order. */
    void forEachRun(RunMapper mapper) {
        long mapped = 0;
        long start = 0;
        long len = 0;
        for (int i = 0; i < nents; i++) {
            if (len != 0 && phys[i] != start + len) {
                mapper.map(mapped, start, len);
                mapped += len;
                len = 0;
            }
            if (len == 0) {
                start = phys[i];
            }
            len += iovaLen[i];
        }
        if (len != 0) {
            mapper.map(mapped, start, len);
        }
    }

    /**
     * {@code __finalise_sg}: writes the DMA fields of the entries (merged segments first, then
     * {@code DMA_MAPPING_ERROR}/0) and returns the number of DMA segments.
     */
    int finalise(SgTable sgt, long iova, long maxSegSize, long segMask) {
        long[] outAddr = new long[nents];
        int[] outLen = new int[nents];
        int maxLen = (int) maxSegSize;
        int curLen = 0;
        int count = 0;
        long dma = iova;
        for (int i = 0; i < nents; i++) {
            int sIovaOff = (int) iovaOff[i];
            int sLength = (int) length[i];
            int sIovaLen = (int) iovaLen[i];
            if (curLen != 0 && sIovaOff == 0 && (dma & segMask) != 0
                    && Integer.compareUnsigned(maxLen - curLen, sLength) >= 0) {
                curLen += sLength;
            } else {
                count++;
                curLen = sLength;
                outAddr[count - 1] = dma + sIovaOff;
            }
            outLen[count - 1] = curLen;
            dma += Integer.toUnsignedLong(sIovaLen);
            if (Integer.compareUnsigned(sLength + sIovaOff, sIovaLen) < 0) {
                curLen = 0;
            }
        }
        for (int i = 0; i < nents; i++) {
            if (i < count) {
                sgt.get(i).setDma(outAddr[i], Integer.toUnsignedLong(outLen[i]));
            } else {
                sgt.get(i).setDma(DmaMapping.DMA_MAPPING_ERROR, 0);
            }
        }
        return count;
    }

    /** {@code __invalidate_sg}: a failed map leaves every entry's DMA fields invalid. */
    static void invalidate(SgTable sgt, int nents) {
        for (int i = 0; i < nents; i++) {
            sgt.get(i).setDma(DmaMapping.DMA_MAPPING_ERROR, 0);
        }
    }

    /** {@code iova_align}. */
    static long align(long size) {
        return (size + GRANULE - 1) & -GRANULE;
    }
}
