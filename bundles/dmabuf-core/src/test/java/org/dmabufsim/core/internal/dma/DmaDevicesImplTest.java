// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.PageTableFormat;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaDevicesImplTest {

    @Test
    @DisplayName("create: EEXIST for a live name; list and find in creation order")
    void createListFind() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice b = f.device(DeviceSpec.of("b", "drv"));
            DmaDevice a = f.device(DeviceSpec.of("a", "drv").withIommu(IommuSpec.strict()));
            ErrnoException e = assertThrows(ErrnoException.class, () -> f.device(DeviceSpec.of("b", "other")));
            assertEquals(Errno.EEXIST, e.errno());
            assertEquals(List.of(b, a), f.sim.devices().list());
            assertEquals(a, f.sim.devices().find("a").orElseThrow());
            assertTrue(f.sim.devices().find("c").isEmpty());
            assertTrue(b.iommu().isEmpty());
            assertEquals(IommuDomainType.DMA, a.iommu().orElseThrow().type());
        }
    }

    @Test
    @DisplayName("rule 94: the IOVA limit is min(dma_mask, bus_dma_limit, aperture end)")
    void rule94_iovaLimit() {
        try (DmaFixture f = DmaFixture.quiet()) {
            IommuDomainView busLimited = f.device(DeviceSpec.of("x", "d").withDmaMask(DeviceSpec.bits(40))
                    .withBusDmaLimit(DeviceSpec.bits(36)).withIommu(IommuSpec.strict())).iommu().orElseThrow();
            assertEquals(DeviceSpec.bits(36), busLimited.iovaLimit());
            IommuDomainView apertureLimited = f.device(DeviceSpec.of("y", "d")
                    .withIommu(new IommuSpec(IommuDomainType.DMA, 32, PageTableFormat.ARM_64_LPAE_S1, 16)))
                    .iommu().orElseThrow();
            assertEquals(DeviceSpec.bits(32), apertureLimited.iovaLimit());
            IommuDomainView maskLimited = f.device(DeviceSpec.of("z", "d").withDmaMask(DeviceSpec.bits(30))
                    .withIommu(IommuSpec.lazy())).iommu().orElseThrow();
            assertEquals(DeviceSpec.bits(30), maskLimited.iovaLimit());
        }
    }

    @Test
    @DisplayName("an identity domain is pass-through: DMA address = physical address, no IOVA, device reaches the page")
    void identityDomain() {
        try (DmaFixture f = DmaFixture.quiet()) {
            DmaDevice dev = f.device(DeviceSpec.of("ident", "d").withIommu(IommuSpec.identity()));
            PageRange p = f.page(Zone.NORMAL);
            f.cpuFill(p.phys(), 64, 0x42);
            long addr = f.dma.mapPage(dev, p.pfn(), 0, 64, DmaDirection.TO_DEVICE, DmaAttrs.NONE);
            assertEquals(p.phys(), addr);
            assertTrue(dev.iommu().orElseThrow().iovaRanges().isEmpty());
            assertArrayEquals(DmaFixture.filled(64, 0x42), f.deviceRead(dev, addr, 64));
        }
    }

    @Test
    @DisplayName("a segment boundary mask must be 2^n - 1 (EINVAL), and nothing is created")
    void badBoundaryMask() {
        try (DmaFixture f = DmaFixture.quiet()) {
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> f.device(DeviceSpec.of("odd", "d").withSegmentBoundaryMask(0x1234)));
            assertEquals(Errno.EINVAL, e.errno());
            assertTrue(f.sim.devices().list().isEmpty());
        }
    }

    @Test
    @DisplayName("each device has its own deterministic random stream")
    void perDeviceRandomStream() {
        long first;
        try (DmaFixture f = DmaFixture.quiet()) {
            first = ((DeviceImpl) f.device(DeviceSpec.of("r", "d"))).random().nextLong();
            long other = ((DeviceImpl) f.device(DeviceSpec.of("s", "d"))).random().nextLong();
            assertTrue(first != other);
        }
        try (DmaFixture f = DmaFixture.quiet()) {
            assertEquals(first, ((DeviceImpl) f.device(DeviceSpec.of("r", "d"))).random().nextLong());
        }
    }

    @Test
    @DisplayName("a closed simulation refuses new devices and DMA calls")
    void closedSimulation() {
        DmaFixture f = DmaFixture.quiet();
        DmaDevice dev = f.device(DeviceSpec.of("d", "d"));
        f.close();
        assertThrows(IllegalStateException.class, () -> f.device(DeviceSpec.of("e", "d")));
        assertThrows(IllegalStateException.class, () -> f.dma.mappingError(dev, 0));
    }
}
