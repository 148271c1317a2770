// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.MemTxResult;

/**
 * Where one device burst goes: a physical address, or why the transaction failed.
 *
 * @param result {@link MemTxResult#OK}, or the error that ends the step
 * @param phys the physical address of the first byte (meaningless unless OK)
 * @param fault the IOMMU fault of an {@link MemTxResult#ACCESS_ERROR}, otherwise {@code null}
 */
public record BusAccess(MemTxResult result, long phys, IommuFault fault) {
    private static final BusAccess DECODE_ERROR = new BusAccess(MemTxResult.DECODE_ERROR, 0, null);

    /** The burst may proceed at {@code phys}. */
    public static BusAccess ok(long phys) {
        return new BusAccess(MemTxResult.OK, phys, null);
    }

    /** Nothing answers at that address: beyond the device's bus, or not DRAM. */
    public static BusAccess decodeError() {
        return DECODE_ERROR;
    }

    /** The IOMMU refused the access. */
    public static BusAccess accessError(IommuFault fault) {
        return new BusAccess(MemTxResult.ACCESS_ERROR, 0, fault);
    }

    public boolean ok() {
        return result == MemTxResult.OK;
    }
}
