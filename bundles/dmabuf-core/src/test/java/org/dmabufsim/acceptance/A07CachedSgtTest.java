// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A7: an exporter with {@code cache_sgt_mapping} (rules 12, 13, 17). */
class A07CachedSgtTest {
    private static final String GPU = "fd000000.gpu";

    private final Soc soc = Soc.quiet();
    private final DmaDevice gpu = soc.iommu(GPU);
    private final TestExporter ops = new TestExporter(soc.sim, soc.zeroedChunks(0, 0, 0), true, false);
    private final DmaBuf buf = soc.export(ops);
    private final DmaBufAttachment a = buf.attach(gpu);

    @AfterEach
    void close() {
        soc.close();
    }

    private static void assertErrno(Errno errno, Executable call) {
        assertEquals(errno, assertThrows(ErrnoException.class, call).errno());
    }

    @Test
    @DisplayName("A7 / rule 12: a second map in the same direction returns the cached table, no new dma_map")
    void a7_sameDirectionReturnsCachedTable_rule12() {
        SgTable t1 = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        SgTable t2 = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        assertSame(t1, t2);
        assertEquals(Optional.of(t1), a.cachedSgt());
        assertEquals(Optional.of(DmaDirection.TO_DEVICE), a.cachedDirection());
        assertEquals(List.of("attach " + GPU, "map " + GPU + " DMA_TO_DEVICE"), ops.calls);
        assertEquals(1, soc.sim.counters().dmaMapCalls());
        assertEquals(1, gpu.iommu().orElseThrow().iovaRanges().size());
    }

    @Test
    @DisplayName("A7 / rule 12: another direction than the cached one is EBUSY")
    void a7_otherDirectionIsEbusy_rule12() {
        SgTable t = buf.mapAttachment(a, DmaDirection.TO_DEVICE);
        assertErrno(Errno.EBUSY, () -> buf.mapAttachment(a, DmaDirection.FROM_DEVICE));
        assertErrno(Errno.EBUSY, () -> buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL));
        assertEquals(Optional.of(t), a.cachedSgt());
        assertEquals(Optional.of(DmaDirection.TO_DEVICE), a.cachedDirection());
        assertEquals(List.of("attach " + GPU, "map " + GPU + " DMA_TO_DEVICE"), ops.calls);
    }

    @Test
    @DisplayName("A7 / rule 12: a cached DMA_BIDIRECTIONAL table serves every direction")
    void a7_cachedBidirectionalServesEveryDirection_rule12() {
        SgTable t = buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL);
        assertSame(t, buf.mapAttachment(a, DmaDirection.TO_DEVICE));
        assertSame(t, buf.mapAttachment(a, DmaDirection.FROM_DEVICE));
        assertSame(t, buf.mapAttachment(a, DmaDirection.BIDIRECTIONAL));
        assertEquals(Optional.of(DmaDirection.BIDIRECTIONAL), a.cachedDirection());
        assertEquals(List.of("attach " + GPU, "map " + GPU + " DMA_BIDIRECTIONAL"), ops.calls);
    }

    @Test
    @DisplayName("A7 / rule 17: unmap of the cached table is a no-op; detach unmaps it once, with its direction")
    void a7_unmapOfCachedTableIsNoOpUntilDetach_rule17() {
        SgTable t = buf.mapAttachment(a, DmaDirection.FROM_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.FROM_DEVICE);
        buf.unmapAttachment(a, t, DmaDirection.FROM_DEVICE);
        assertEquals(Optional.of(t), a.cachedSgt());
        assertEquals(0, soc.sim.counters().dmaUnmapCalls());
        assertEquals(1, soc.sim.dmaDebug().entries(GPU).size(), "still mapped for the device");
        assertEquals(3 * Soc.PAGE, gpu.iommu().orElseThrow().mappedPages() * Soc.PAGE);

        buf.detach(a);
        assertEquals(List.of("attach " + GPU, "map " + GPU + " DMA_FROM_DEVICE", "unmap " + GPU + " DMA_FROM_DEVICE",
                "detach " + GPU), ops.calls);
        assertEquals(Optional.empty(), a.cachedSgt());
        assertEquals(1, soc.sim.counters().dmaUnmapCalls());
        assertEquals(List.of(), soc.sim.dmaDebug().entries());
        assertEquals(0, gpu.iommu().orElseThrow().mappedPages());
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }

    @Test
    @DisplayName("A7 / rule 13: without cache_sgt_mapping every map reaches the exporter, any direction")
    void a7_withoutCacheEveryMapReachesTheExporter_rule13() {
        TestExporter plain = new TestExporter(soc.sim, soc.zeroedChunks(0), false, false);
        DmaBuf other = soc.export(plain);
        DmaBufAttachment b = other.attach(gpu);
        SgTable t1 = other.mapAttachment(b, DmaDirection.TO_DEVICE);
        SgTable t2 = other.mapAttachment(b, DmaDirection.FROM_DEVICE);
        assertNotSame(t1, t2);
        assertEquals(Optional.empty(), b.cachedSgt());
        other.unmapAttachment(b, t1, DmaDirection.TO_DEVICE);
        other.unmapAttachment(b, t2, DmaDirection.FROM_DEVICE);
        assertEquals(List.of("attach " + GPU, "map " + GPU + " DMA_TO_DEVICE", "map " + GPU + " DMA_FROM_DEVICE",
                "unmap " + GPU + " DMA_TO_DEVICE", "unmap " + GPU + " DMA_FROM_DEVICE"), plain.calls);
        assertEquals(0, soc.sim.dmaDebug().errorCount());
    }
}
