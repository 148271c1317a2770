// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.IovaRange;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.PageTableFormat;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class IommuDomainTest {
    private static final String DEV = "1a000000.camera";
    private static final long MASK_32 = 0xffff_ffffL;
    private static final long PAGE = 4096;
    private static final long PHYS = 0x8000_0000L;
    private static final IommuProt TO_DEVICE = IommuProt.of(DmaDirection.TO_DEVICE, false, DmaAttrs.NONE);
    private static final IommuProt FROM_DEVICE = IommuProt.of(DmaDirection.FROM_DEVICE, false, DmaAttrs.NONE);

    private final Fixture fx = new Fixture();

    private IommuDomain domain(IommuSpec spec) {
        return new IommuDomain(DEV, spec, MASK_32, 0, fx.ctx);
    }

    private long mapNew(IommuDomain d, long size, IommuProt prot) {
        long iova = d.allocIova(size);
        assertEquals(size, d.map(iova, PHYS, size, prot));
        return iova;
    }

    @Test
    @DisplayName("rule 94: the IOVA limit is min(dma_mask, bus_dma_limit, aperture end)")
    void rule94_iovaLimit() {
        assertEquals(MASK_32, domain(IommuSpec.strict()).iovaLimit());
        assertEquals((1L << 48) - 1, new IommuDomain(DEV, IommuSpec.strict(), -1L, 0, fx.ctx).iovaLimit());
        assertEquals(0x3fff_ffffL, new IommuDomain(DEV, IommuSpec.strict(), -1L, 0x3fff_ffffL, fx.ctx).iovaLimit());
        assertEquals(MASK_32, new IommuDomain(DEV, IommuSpec.strict(), MASK_32, 0xff_ffff_ffffL, fx.ctx).iovaLimit());
        IommuSpec wide = new IommuSpec(IommuDomainType.DMA, 64, PageTableFormat.ARM_64_LPAE_S1, 256);
        assertEquals(-1L, new IommuDomain(DEV, wide, -1L, 0, fx.ctx).iovaLimit());
    }

    @Test
    @DisplayName("forDevice takes name, mask and bus limit from the DeviceSpec")
    void forDevice() {
        DeviceSpec spec = DeviceSpec.of(DEV, "camera").withDmaMask(DeviceSpec.bits(36)).withIommu(IommuSpec.lazy());
        IommuDomain d = IommuDomain.forDevice(spec, fx.ctx);
        assertEquals(DEV, d.device());
        assertEquals(IommuDomainType.DMA_FQ, d.type());
        assertEquals((1L << 36) - 1, d.iovaLimit());
        assertEquals((1L << 36) - PAGE, d.allocIova(PAGE));
    }

    @Test
    @DisplayName("IOTLB: the first access misses and walks (device time), the next hits")
    void iotlbMissThenHit() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        Translation t = d.translate(iova + 0x10, false);
        assertEquals(new Translation(iova + 0x10, PHYS + 0x10, PAGE - 0x10, null), t);
        assertEquals(1, fx.stats.iotlbMisses.sum());
        assertEquals(200, fx.stats.snapshot().deviceNs());
        assertEquals(MemTxResult.OK, d.translate(iova + 0x20, false).result());
        assertEquals(1, fx.stats.iotlbMisses.sum());
        assertEquals(1, d.iotlbSize());
        d.translate(iova + PAGE, false);
        assertEquals(2, fx.stats.iotlbMisses.sum());
    }

    @Test
    @DisplayName("rule 93: a device write into a TO_DEVICE (READ) mapping is a PERMISSION fault, reported as a value")
    void rule93_writeToReadOnlyFaults() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        assertEquals(0xffff_e000L, iova);
        Translation t = d.translate(iova + 0x10, true);
        assertFalse(t.ok());
        assertEquals(MemTxResult.ACCESS_ERROR, t.result());
        // the clock stands at 40 ns: two PTEs written at 20 ns each
        assertEquals(new IommuFault(DEV, 0xffff_e010L, true, IommuFault.Reason.PERMISSION, 40), t.fault());
        assertEquals(List.of(t.fault()), d.faults());
        assertEquals(1, fx.stats.iommuFaults.sum());
        assertEquals(List.of("arm-smmu-v3 arm-smmu-v3.0.auto: event: F_PERMISSION client: 1a000000.camera sid: 0 "
                        + "ssid: 0 iova: 0xffffe010 ipa: 0",
                "arm-smmu-v3 arm-smmu-v3.0.auto: unpriv data write s1 \"Input address caused fault\" stag: 0"),
                fx.log.records().stream().map(r -> r.message()).toList());
    }

    @Test
    @DisplayName("rule 93: FROM_DEVICE is WRITE, which LPAE stage 1 stores read-write: a device read succeeds")
    void rule93_fromDeviceReadable() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = mapNew(d, PAGE, FROM_DEVICE);
        assertTrue(d.translate(iova, false).ok());
        assertTrue(d.translate(iova, true).ok());
        assertEquals(List.of(), d.faults());
    }

    @Test
    @DisplayName("strict unmap: PTEs cleared, IOTLB range invalidated and IOVA freed at once")
    void strictUnmapFaultsImmediately() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        d.translate(iova, false);
        double cpu = fx.stats.cpuNs();
        assertEquals(2 * PAGE, d.unmap(iova, 2 * PAGE));
        assertEquals(2 * 75 + 1000, fx.stats.cpuNs() - cpu);
        assertEquals(1, fx.stats.iotlbInvalidations.sum());
        assertEquals(0, d.iotlbSize());
        Translation t = d.translate(iova, false);
        assertEquals(IommuFault.Reason.TRANSLATION, t.fault().reason());
        assertEquals(List.of(), d.iovaRanges());
        assertEquals(iova, d.allocIova(2 * PAGE)); // reused from the range cache
    }

    @Test
    @DisplayName("rule 92: one unmap covers the whole IOVA range, widened to the granule like __iommu_dma_unmap")
    void rule92_unmapWidensToGranule() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        assertEquals(2 * PAGE, d.unmap(iova + 0x10, PAGE));
        assertEquals(0, d.mappedPages());
    }

    @Test
    @DisplayName("lazy unmap: a stale IOTLB entry still translates until the flush queue is flushed")
    void lazyStaleHitUntilFlush() {
        IommuDomain d = domain(IommuSpec.lazy());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        d.translate(iova, false);
        assertEquals(2 * PAGE, d.unmap(iova, 2 * PAGE));
        assertEquals(0, fx.stats.iotlbInvalidations.sum());
        assertEquals(0, d.mappedPages());
        Translation stale = d.translate(iova + 8, false);
        assertTrue(stale.ok(), "the hazard: the device still reaches the old page");
        assertEquals(PHYS + 8, stale.phys());
        assertFalse(d.translate(iova + PAGE, false).ok(), "the second page was never cached: it walks and faults");
        d.flushQueue();
        assertEquals(1, fx.stats.iotlbInvalidations.sum());
        assertEquals(IommuFault.Reason.TRANSLATION, d.translate(iova + 8, false).fault().reason());
    }

    @Test
    @DisplayName("lazy unmap: the IOVA stays allocated (queued) and is not reused until the flush")
    void lazyIovaNotReusedUntilFlush() {
        IommuDomain d = domain(IommuSpec.lazy());
        long iova = mapNew(d, 2 * PAGE, TO_DEVICE);
        d.unmap(iova, 2 * PAGE);
        assertEquals(List.of(new IovaRange(iova, iova + 2 * PAGE, true)), d.iovaRanges());
        long other = d.allocIova(2 * PAGE);
        assertEquals(iova - 2 * PAGE, other);
        d.flushQueue();
        assertEquals(List.of(new IovaRange(other, other + 2 * PAGE, false)), d.iovaRanges());
        assertEquals(iova, d.allocIova(2 * PAGE));
    }

    @Test
    @DisplayName("lazy: when the queue is full, one invalidate-all retires every queued range")
    void lazyQueueFullFlushes() {
        IommuDomain d = domain(new IommuSpec(IommuDomainType.DMA_FQ, 48, PageTableFormat.ARM_64_LPAE_S1, 2));
        long a = mapNew(d, PAGE, TO_DEVICE);
        long b = mapNew(d, PAGE, TO_DEVICE);
        long c = mapNew(d, PAGE, TO_DEVICE);
        d.unmap(a, PAGE);
        d.unmap(b, PAGE);
        assertEquals(2, d.queuedRanges());
        assertEquals(0, fx.stats.iotlbInvalidations.sum());
        d.unmap(c, PAGE);
        assertEquals(1, fx.stats.iotlbInvalidations.sum());
        assertEquals(1, d.queuedRanges());
        assertEquals(List.of(new IovaRange(c, c + PAGE, true)), d.iovaRanges());
    }

    @Test
    @DisplayName("lazy: the flush-queue timer fires 10 ms (modelled) after the first queued range")
    void lazyTimerFlushes() {
        IommuDomain d = domain(IommuSpec.lazy());
        long iova = mapNew(d, PAGE, TO_DEVICE);
        d.translate(iova, false);
        d.unmap(iova, PAGE);
        long queuedAt = fx.stats.nowNs();
        fx.stats.advanceTo(queuedAt + FlushQueue.IOVA_FQ_TIMEOUT_NS - 1);
        assertTrue(d.translate(iova, false).ok());
        fx.stats.advanceTo(queuedAt + FlushQueue.IOVA_FQ_TIMEOUT_NS);
        assertFalse(d.translate(iova, false).ok());
        assertEquals(1, fx.stats.iotlbInvalidations.sum());
        assertEquals(0, d.queuedRanges());
    }

    @Test
    @DisplayName("a block translation covers the rest of its 2 MiB")
    void blockTranslationLength() {
        IommuDomain d = new IommuDomain(DEV, IommuSpec.strict(), -1L, 0, fx.ctx);
        long iova = d.allocIova(0x40_0000);
        d.map(iova, 0x8020_0000L, 0x20_0000, TO_DEVICE);
        Translation t = d.translate(iova + 0x1000, false);
        assertEquals(0x20_0000 - 0x1000, t.length());
        assertEquals(0x8020_1000L, t.phys());
    }

    @Test
    @DisplayName("translateHit: hits and walks that succeed, counted as translate counts them; faults take the full path")
    void translateHitAnswersWhatNeedsNoReport() {
        IommuDomain d = new IommuDomain(DEV, IommuSpec.strict(), -1L, 0, fx.ctx);
        long iova = d.allocIova(0x40_0000);
        d.map(iova, 0x8020_0000L, 0x20_0000, TO_DEVICE);
        assertEquals(0x8020_1000L, d.translateHit(iova + 0x1000, false), "a miss that walks: cached and counted");
        assertEquals(1, fx.stats.iotlbMisses.sum());
        assertEquals(0x8020_5000L, d.translateHit(iova + 0x5000, false), "the cached block answers");
        assertEquals(0x8020_6000L, d.translateHit(iova + 0x6000, false), "from a hint");
        assertEquals(1, fx.stats.iotlbMisses.sum());
        assertEquals(-1, d.translateHit(iova + 0x6000, true), "no write permission: the full path reports it");
        assertEquals(-1, d.translateHit(iova + 0x20_0000, false), "nothing mapped there");
        assertEquals(1, fx.stats.iotlbMisses.sum(), "and nothing counted for either");
        assertEquals(0, fx.stats.iommuFaults.sum());
        assertFalse(d.translate(iova + 0x20_0000, false).ok());
        assertEquals(2, fx.stats.iotlbMisses.sum());
        assertEquals(1, fx.stats.iommuFaults.sum());
        assertEquals(0x20_0000, d.unmap(iova, 0x20_0000));
        assertEquals(-1, d.translateHit(iova + 0x5000, false), "strict unmap invalidated the IOTLB and the hint");
        assertFalse(d.translate(iova + 0x5000, false).ok());
    }

    @Test
    @DisplayName("translateHit on a lazy domain: a stale IOTLB entry answers until the flush, as translate does")
    void translateHitLazyStaleUntilFlush() {
        IommuDomain d = domain(IommuSpec.lazy());
        long iova = mapNew(d, PAGE, TO_DEVICE);
        assertTrue(d.translate(iova, false).ok());
        d.unmap(iova, PAGE);
        assertEquals(PHYS, d.translateHit(iova, false));
        fx.stats.advanceTo(fx.stats.nowNs() + FlushQueue.IOVA_FQ_TIMEOUT_NS);
        assertEquals(-1, d.translateHit(iova, false), "the timer is polled first and flushes");
        assertEquals(0, d.queuedRanges());
    }

    @Test
    @DisplayName("rule 91: a failed map leaves nothing mapped, syncs the IOTLB for what it undid, IOVA freed")
    void rule91_mapFailureRollsBack() {
        IommuDomain d = domain(IommuSpec.strict());
        long iova = d.allocIova(4 * PAGE);
        d.map(iova + 2 * PAGE, PHYS, PAGE, TO_DEVICE);
        ErrnoException e = assertThrows(ErrnoException.class, () -> d.map(iova, PHYS, 4 * PAGE, TO_DEVICE));
        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(1, d.mappedPages());
        assertEquals(1, fx.stats.iotlbInvalidations.sum());
        d.freeIova(iova, 4 * PAGE);
        assertEquals(List.of(), d.iovaRanges());
    }

    @Test
    @DisplayName("identity: every address translates to itself, no tables, no IOVA space")
    void identityDomain() {
        IommuDomain d = domain(IommuSpec.identity());
        Translation t = d.translate(0x8123_4567L, true);
        assertEquals(0x8123_4567L, t.phys());
        assertTrue(t.ok());
        assertEquals(0x8123_4000L, d.translate(0x8123_4567L).orElseThrow().translatedAddr());
        ErrnoException e = assertThrows(ErrnoException.class, () -> d.map(0x1000, PHYS, PAGE, TO_DEVICE));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(0, d.unmap(0x1000, PAGE));
        assertThrows(IllegalStateException.class, () -> d.allocIova(PAGE));
        assertEquals(List.of(), d.iovaRanges());
        assertEquals(0, fx.stats.iotlbMisses.sum());
    }

    @Test
    @DisplayName("fault messages are ratelimited (10 per 5 s) but every fault is recorded and counted")
    void faultRatelimit() {
        IommuDomain d = domain(IommuSpec.strict());
        for (int i = 0; i < 12; i++) {
            d.translate(0x1000L * (i + 1), false);
        }
        assertEquals(12, d.faults().size());
        assertEquals(12, fx.stats.iommuFaults.sum());
        assertEquals(20, fx.log.records().size());
        fx.stats.advanceTo(6_000_000_000L);
        d.translate(0x2000_0000L, true);
        assertEquals("arm_smmu_dump_event: 2 callbacks suppressed", fx.log.records().get(20).message());
        assertEquals(23, fx.log.records().size());
        assertEquals(6_000_000_000L, d.faults().get(12).timeNs());
    }
}
