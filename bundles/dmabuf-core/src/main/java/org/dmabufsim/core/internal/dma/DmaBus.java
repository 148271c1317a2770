// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import org.dmabufsim.core.internal.iommu.IommuDomain;
import org.dmabufsim.core.internal.iommu.Translation;
import org.dmabufsim.core.internal.job.BusAccess;
import org.dmabufsim.core.internal.job.DeviceBus;
import org.dmabufsim.core.internal.mem.Dram;
import org.dmabufsim.dma.DeviceSpec;

/**
 * A device's bus master view of memory. dma-direct (and an IOMMU identity domain): an address
 * beyond {@code min_not_zero(dma_mask, bus_dma_limit)} does not leave the device, so it is a
 * DECODE_ERROR (a driver that writes only the bits its engine drives, as device-common's drivers
 * do, cuts such an address before it gets here); otherwise {@code phys = dma + dmaOffset}, and
 * anything that is not DRAM is a DECODE_ERROR too. A paging IOMMU domain: the domain translates (IOTLB, then a walk), a fault is an
 * ACCESS_ERROR carrying the fault. Stateless.
 */
final class DmaBus implements DeviceBus {
    private final Dram dram;
    private final boolean coherent;
    private final long limit;
    private final long dmaOffset;
    private final IommuDomain domain; // null for dma-direct and identity

    private DmaBus(Dram dram, boolean coherent, long limit, long dmaOffset, IommuDomain domain) {
        this.dram = dram;
        this.coherent = coherent;
        this.limit = limit;
        this.dmaOffset = dmaOffset;
        this.domain = domain;
    }

    /** A dma-direct (or identity, {@code dmaOffset} 0) view. */
    static DmaBus direct(Dram dram, DeviceSpec dev, long dmaOffset) {
        return new DmaBus(dram, dev.coherent(), DirectOps.minNotZero(dev.dmaMask(), dev.busDmaLimit()), dmaOffset,
                null);
    }

    /** A view through a paging IOMMU domain. */
    static DmaBus iommu(Dram dram, DeviceSpec dev, IommuDomain domain) {
        return new DmaBus(dram, dev.coherent(), -1L, 0, domain);
    }

    @Override
    public BusAccess access(long dmaAddress, int length, boolean write) {
        long phys;
        if (domain != null) {
            Translation t = domain.translate(dmaAddress, write);
            if (!t.ok()) {
                return BusAccess.accessError(t.fault());
            }
            phys = t.phys();
        } else {
            long last = dmaAddress + length - 1;
            if (Long.compareUnsigned(last, limit) > 0 || Long.compareUnsigned(last, dmaAddress) < 0) {
                return BusAccess.decodeError();
            }
            phys = dmaAddress + dmaOffset;
        }
        return dram.isDram(phys, length) ? BusAccess.ok(phys) : BusAccess.decodeError();
    }

    @Override
    public long phys(long dmaAddress, int length, boolean write) {
        long phys;
        if (domain != null) {
            phys = domain.translateHit(dmaAddress, write);
            if (phys < 0) {
                return -1;
            }
        } else {
            long last = dmaAddress + length - 1;
            if (Long.compareUnsigned(last, limit) > 0 || Long.compareUnsigned(last, dmaAddress) < 0) {
                return -1;
            }
            phys = dmaAddress + dmaOffset;
        }
        return phys >= 0 && dram.isDram(phys, length) ? phys : -1;
    }

    @Override
    public boolean coherent() {
        return coherent;
    }
}
