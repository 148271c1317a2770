// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.MemTxResult;

/**
 * The outcome of one device access through an IOMMU domain: where it goes, or the fault.
 *
 * @param iova the input address
 * @param phys the physical address it maps to (meaningless on a fault)
 * @param length bytes from {@code iova} that the same translation covers (to the end of its leaf);
 *     0 on a fault
 * @param fault the fault, or {@code null} when the access may proceed
 */
public record Translation(long iova, long phys, long length, IommuFault fault) {

    static Translation ok(long iova, long phys, long length) {
        return new Translation(iova, phys, length, null);
    }

    static Translation faulted(IommuFault fault) {
        return new Translation(fault.iova(), 0, 0, fault);
    }

    /** Whether the access may proceed. */
    public boolean ok() {
        return fault == null;
    }

    /** {@link MemTxResult#OK}, or {@link MemTxResult#ACCESS_ERROR} for a fault. */
    public MemTxResult result() {
        return fault == null ? MemTxResult.OK : MemTxResult.ACCESS_ERROR;
    }
}
