// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/** What an IOMMU translation allows, as QEMU's {@code IOMMUAccessFlags}. */
public enum IommuPerm {
    NONE, RO, WO, RW;

    /** Whether a read is allowed. */
    public boolean canRead() {
        return this == RO || this == RW;
    }

    /** Whether a write is allowed. */
    public boolean canWrite() {
        return this == WO || this == RW;
    }
}
