// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.sim;

/**
 * Modelled cost of each elementary operation, in nanoseconds. Defaults come from
 * {@code research/perf-anchors.md}: arm64 by-VA maintenance visits every line of a range, a written
 * back line costs a 64-byte memory write, SMMUv3 map/unmap per 4 KiB page, a strict IOTLB sync.
 *
 * @param lineWalkNs one {@code dc} instruction on a line, present or not
 * @param lineWritebackNs extra cost of writing a dirty line back to memory
 * @param lineInvalidateNs extra cost of dropping a present line
 * @param lineFillNs a cache miss filling one line from memory
 * @param cpuCopyNsPerByte a CPU memcpy (swiotlb bounce, zeroing through the cache)
 * @param uncachedNsPerByte a CPU access through a write-combine or device mapping
 * @param iommuMapNsPerPage writing one IOMMU page-table entry
 * @param iommuUnmapNsPerPage clearing one IOMMU page-table entry
 * @param iotlbSyncNs one IOTLB invalidation with its sync
 * @param iotlbMissNs one page-table walk by the IOMMU
 * @param deviceNsPerByte device DMA transfer time per byte
 */
public record CostTable(double lineWalkNs, double lineWritebackNs, double lineInvalidateNs, double lineFillNs,
        double cpuCopyNsPerByte, double uncachedNsPerByte, double iommuMapNsPerPage, double iommuUnmapNsPerPage,
        double iotlbSyncNs, double iotlbMissNs, double deviceNsPerByte) {

    public CostTable {
        for (double v : new double[] {lineWalkNs, lineWritebackNs, lineInvalidateNs, lineFillNs, cpuCopyNsPerByte,
                uncachedNsPerByte, iommuMapNsPerPage, iommuUnmapNsPerPage, iotlbSyncNs, iotlbMissNs,
                deviceNsPerByte}) {
            if (!(v >= 0)) {
                throw new IllegalArgumentException("costs must be non-negative: " + v);
            }
        }
    }

    /** The default table (see {@code research/perf-anchors.md}, sections 1a and 1d). */
    public static CostTable defaults() {
        return new CostTable(3.0, 8.0, 0.5, 6.0, 0.1, 0.5, 20.0, 75.0, 1000.0, 200.0, 0.125);
    }
}
