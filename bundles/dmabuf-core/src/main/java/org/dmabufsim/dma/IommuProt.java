// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * {@code int prot} of {@code iommu_map()}: the kernel's {@code IOMMU_*} bits.
 *
 * @param bits the raw bitset
 */
public record IommuProt(int bits) {

    public static final int READ = 1;
    public static final int WRITE = 1 << 1;
    public static final int CACHE = 1 << 2;
    public static final int NOEXEC = 1 << 3;
    public static final int MMIO = 1 << 4;
    public static final int PRIV = 1 << 5;

    /**
     * {@code dma_info_to_prot()}: TO_DEVICE is READ, FROM_DEVICE is WRITE, BIDIRECTIONAL both;
     * coherent adds CACHE, DMA_ATTR_PRIVILEGED adds PRIV.
     */
    public static IommuProt of(DmaDirection dir, boolean coherent, DmaAttrs attrs) {
        int prot = coherent ? CACHE : 0;
        if (attrs.has(DmaAttrs.PRIVILEGED_BIT)) {
            prot |= PRIV;
        }
        switch (dir) {
            case BIDIRECTIONAL:
                return new IommuProt(prot | READ | WRITE);
            case TO_DEVICE:
                return new IommuProt(prot | READ);
            case FROM_DEVICE:
                return new IommuProt(prot | WRITE);
            default:
                return new IommuProt(0);
        }
    }

    public boolean has(int mask) {
        return (bits & mask) == mask;
    }
}
