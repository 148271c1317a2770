// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class DriverChecksTest {
    /** A 64-bit DMA mask: the addresses as they are. */
    private static final long ALL = -1L;

    @AutoClose
    private final Simulation sim = Simulation.create();

    /** A table of {@code dma.length / 2} entries of 4 KiB whose DMA fields are (address, length) pairs. */
    private SgTable table(long... dma) {
        List<SgSegment> segs = new ArrayList<>();
        for (int i = 0; i < dma.length / 2; i++) {
            segs.add(new SgSegment(0x80000 + i, 0, 4096));
        }
        SgTable t = sim.dma().newSgTable(segs);
        for (int i = 0; i < dma.length / 2; i++) {
            t.get(i).setDma(dma[2 * i], dma[2 * i + 1]);
        }
        return t;
    }

    @Test
    void contiguousSizeFollowsAddressesFromTheFirstSegment() {
        assertEquals(3 * 4096, DriverChecks.contiguousSize(table(0x1000, 4096, 0x2000, 4096, 0x3000, 4096), 3));
        assertEquals(2 * 4096, DriverChecks.contiguousSize(table(0x1000, 4096, 0x2000, 4096, 0x9000, 4096), 3));
        // reverse order: only the first segment counts
        assertEquals(4096, DriverChecks.contiguousSize(table(0x3000, 4096, 0x2000, 4096, 0x1000, 4096), 3));
        // merged segments then DMA_MAPPING_ERROR/0 entries: the walk ends at length 0
        assertEquals(8192, DriverChecks.contiguousSize(
                table(0x10000, 8192, DmaMapping.DMA_MAPPING_ERROR, 0, 0x12000, 4096), 3));
        // only the segments the driver walks
        assertEquals(4096, DriverChecks.contiguousSize(table(0x1000, 4096, 0x2000, 4096), 1));
    }

    @Test
    void programCoversTheFrameSegmentBySegment() {
        SgTable t = table(0x10000, 4096, 0x40000, 4096, 0x20000, 4096);
        assertEquals(List.of(new DmaSegment(0x10000, 4096, 0), new DmaSegment(0x40000, 4096, 4096),
                new DmaSegment(0x20000, 1000, 8192)), DriverChecks.program(t, 3, 9192, ALL));
        // a frame shorter than the first segment
        assertEquals(List.of(new DmaSegment(0x10000, 100, 0)), DriverChecks.program(t, 3, 100, ALL));
        // fewer segments than entries
        assertEquals(List.of(new DmaSegment(0x10000, 4096, 0)), DriverChecks.program(t, 1, 9192, ALL));
    }

    /** A 32-bit engine is given {@code lower_32_bits} of what the table holds (rule 37's phys above 4 GiB). */
    @Test
    void rule37_programCutsEveryAddressToTheDevicesMask() {
        SgTable t = table(0x8_8000_1000L, 4096, 0x8_9000_0000L, 4096);
        assertEquals(List.of(new DmaSegment(0x8000_1000L, 4096, 0), new DmaSegment(0x9000_0000L, 4096, 4096)),
                DriverChecks.program(t, 2, 8192, 0xffff_ffffL));
        assertEquals(List.of(new DmaSegment(0x8_8000_1000L, 4096, 0), new DmaSegment(0x8_9000_0000L, 4096, 4096)),
                DriverChecks.program(t, 2, 8192, (1L << 40) - 1));
    }

    @Test
    void programStopsAtTheFirstSegmentOfLengthZero() {
        SgTable t = table(0x10000, 8192, DmaMapping.DMA_MAPPING_ERROR, 0);
        assertEquals(List.of(new DmaSegment(0x10000, 8192, 0)), DriverChecks.program(t, 2, 16384, ALL));
        assertEquals(List.of(), DriverChecks.program(table(0, 0, 0, 0), 2, 16384, ALL));
    }

    @Test
    void modelCheckIsEinvalForAConfigurationOfAnotherModel() {
        try (DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP)) {
            TestDriverContext context = new TestDriverContext(f.sim(), DeviceConfig.of("cam0", "gpu"));
            ErrnoException e = assertThrows(ErrnoException.class, () -> DriverChecks.checkModel(context, "camera"));
            assertEquals(Errno.EINVAL, e.errno());
            assertEquals("EINVAL: cam0: model gpu is not camera", e.getMessage());
            DriverChecks.checkModel(context, "gpu");
        }
    }

    @Test
    void segmentsCheckIsEnomemForAMapWithoutSegments() {
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class,
                () -> DriverChecks.checkSegments("d", table(0x1000, 4096), 0)).errno());
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class,
                () -> DriverChecks.checkSegments("d", table(0, 0), 1)).errno());
        DriverChecks.checkSegments("d", table(0x1000, 4096), 1);
    }

    @Test
    void directionCheckRefusesNoneAndWhatTheDeviceCannotDo() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> DriverChecks.checkDirection("d", DmaDirection.NONE, true, "x")).errno());
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> DriverChecks.checkDirection("cam0", DmaDirection.TO_DEVICE, false, "a camera writes"));
        assertEquals("EINVAL: cam0: cannot import a dma-buf for DMA_TO_DEVICE (a camera writes)", e.getMessage());
        DriverChecks.checkDirection("d", DmaDirection.FROM_DEVICE, true, "x");
    }
}
