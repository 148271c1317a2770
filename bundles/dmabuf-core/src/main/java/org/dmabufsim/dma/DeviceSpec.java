// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.Objects;

/**
 * What the DMA layer knows about a device: the fields of {@code struct device} and its
 * {@code dma_parms} that decide how it is mapped.
 *
 * @param name {@code dev_name()}, unique in a simulation, e.g. {@code "1a000000.camera"}
 * @param driver {@code dev_driver_string()}, e.g. {@code "camera"}
 * @param dmaMask {@code *dev->dma_mask}, e.g. {@link #bits(int) bits(32)}
 * @param busDmaLimit {@code dev->bus_dma_limit}, 0 for none
 * @param dmaOffset {@code dma-ranges} offset: {@code dma_addr = phys - dmaOffset} for dma-direct
 * @param coherent {@code dev_is_dma_coherent()}: IO-coherent, no CPU cache maintenance, device accesses snoop the cache
 * @param maxSegmentSize {@code dma_get_max_seg_size()}, 64 KiB when a driver sets none
 * @param segmentBoundaryMask {@code dma_get_seg_boundary()}, e.g. {@code 0xffffffff}
 * @param iommu the IOMMU in front of the device, or {@code null} for dma-direct
 * @param swiotlb whether dma-direct may bounce through swiotlb when an address is not DMA capable
 * @param forceBounce {@code swiotlb=force}: dma-direct bounces every mapping
 */
public record DeviceSpec(String name, String driver, long dmaMask, long busDmaLimit, long dmaOffset, boolean coherent,
        long maxSegmentSize, long segmentBoundaryMask, IommuSpec iommu, boolean swiotlb, boolean forceBounce) {

    /** {@code DMA_BIT_MASK(64)} */
    public static final long MASK_64 = -1L;

    public DeviceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        if (name.isEmpty() || driver.isEmpty() || dmaMask == 0 || maxSegmentSize <= 0 || segmentBoundaryMask == 0) {
            throw new IllegalArgumentException("bad device spec " + name);
        }
    }

    /** {@code DMA_BIT_MASK(n)}. */
    public static long bits(int n) {
        if (n < 1 || n > 64) {
            throw new IllegalArgumentException("mask bits " + n);
        }
        return n == 64 ? -1L : (1L << n) - 1;
    }

    /**
     * A non-coherent platform device without IOMMU: 64-bit mask, no bus limit, no offset, 64 KiB
     * segments, 4 GiB segment boundary, swiotlb allowed.
     */
    public static DeviceSpec of(String name, String driver) {
        return new DeviceSpec(name, driver, MASK_64, 0, 0, false, 64 * 1024, 0xffff_ffffL, null, true, false);
    }

    public DeviceSpec withDmaMask(long mask) {
        return new DeviceSpec(name, driver, mask, busDmaLimit, dmaOffset, coherent, maxSegmentSize, segmentBoundaryMask,
                iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withBusDmaLimit(long limit) {
        return new DeviceSpec(name, driver, dmaMask, limit, dmaOffset, coherent, maxSegmentSize, segmentBoundaryMask,
                iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withDmaOffset(long offset) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, offset, coherent, maxSegmentSize, segmentBoundaryMask,
                iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withCoherent(boolean isCoherent) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, isCoherent, maxSegmentSize,
                segmentBoundaryMask, iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withMaxSegmentSize(long size) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, coherent, size, segmentBoundaryMask,
                iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withSegmentBoundaryMask(long mask) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, coherent, maxSegmentSize, mask,
                iommu, swiotlb, forceBounce);
    }

    public DeviceSpec withIommu(IommuSpec spec) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, coherent, maxSegmentSize,
                segmentBoundaryMask, spec, swiotlb, forceBounce);
    }

    public DeviceSpec withSwiotlb(boolean allowed) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, coherent, maxSegmentSize,
                segmentBoundaryMask, iommu, allowed, forceBounce);
    }

    public DeviceSpec withForceBounce(boolean force) {
        return new DeviceSpec(name, driver, dmaMask, busDmaLimit, dmaOffset, coherent, maxSegmentSize,
                segmentBoundaryMask, iommu, swiotlb, force);
    }

    /** Whether an IOMMU translates this device's DMA. */
    public boolean hasIommu() {
        return iommu != null;
    }
}
