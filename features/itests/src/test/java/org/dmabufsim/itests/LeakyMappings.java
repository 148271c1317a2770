// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmabufsim.dma.DmaDebugEntry;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;

/**
 * Two buffers mapped by two instances of the leaky fixture that will leave their mappings to the
 * core (rule 105): {@value #IOMMU_DEVICE} behind a strict IOMMU, {@value #BOUNCE_DEVICE} a 32-bit
 * dma-direct device whose mappings of buffers above 4 GiB bounce through swiotlb. {@link #map}
 * records what the unbind must print (the kernel's {@code dma_debug_device_change} text: the count,
 * and one of the leaked entries, whichever the hash walk meets last) and the swiotlb, dma-debug and
 * dmesg levels before the mappings; {@link #assertCleanedUp} checks the state after the fixture
 * bundle stopped.
 */
final class LeakyMappings {
    static final String IOMMU_DEVICE = "leakyiommu0";
    static final String BOUNCE_DEVICE = "leakybounce0";
    static final String PENDING = "device driver has pending DMA allocations while released from device";

    private final Simulation sim;
    private final long swiotlbBefore;
    private final long errorsBefore;
    private final int pendingLinesBefore;
    private IommuDomainView domain;
    private Set<String> iommuLeak;
    private Set<String> bounceLeak;

    private LeakyMappings(Simulation sim) {
        this.sim = sim;
        this.swiotlbBefore = HotplugSupport.swiotlbUsedPages(sim);
        this.errorsBefore = sim.dmaDebug().errorCount();
        this.pendingLinesBefore = sim.log().grep(PENDING).size();
    }

    /**
     * Both devices import both buffers of {@code len} bytes (one sg entry each): two dma-debug
     * entries per device. Only the FROM_DEVICE and BIDIRECTIONAL mappings are tracked per cacheline,
     * so nothing overlaps (rule 104).
     */
    static LeakyMappings map(Simulation sim, DmaBuf a, DmaBuf b, int len) {
        LeakyMappings leaky = new LeakyMappings(sim);
        importInto(sim, IOMMU_DEVICE, a, DmaDirection.TO_DEVICE);
        importInto(sim, IOMMU_DEVICE, b, DmaDirection.TO_DEVICE);
        importInto(sim, BOUNCE_DEVICE, a, DmaDirection.FROM_DEVICE);
        importInto(sim, BOUNCE_DEVICE, b, DmaDirection.BIDIRECTIONAL);
        assertEquals("bounced", leaky.swiotlbBefore + 2L * len / MemoryMap.PAGE_SIZE,
                HotplugSupport.swiotlbUsedPages(sim));
        leaky.domain = sim.devices().find(IOMMU_DEVICE).orElseThrow().iommu().orElseThrow();
        assertEquals(2, leaky.domain.iovaRanges().size());
        leaky.iommuLeak = leakMessages(sim, IOMMU_DEVICE, 2);
        leaky.bounceLeak = leakMessages(sim, BOUNCE_DEVICE, 2);
        return leaky;
    }

    /** In its own frame, so that no reference to the fixture's driver outlives the call. */
    private static void importInto(Simulation sim, String device, DmaBuf buffer, DmaDirection direction) {
        sim.drivers().find(device).orElseThrow().importBuffer(buffer, direction);
    }

    /**
     * After the fixture's drivers were removed: the devices are gone, each reported its leak once
     * (two errors, two dmesg lines), no dma-debug entry is left, the IOMMU domain maps nothing and
     * holds no IOVA, the bounce slots are free again.
     */
    void assertCleanedUp() {
        assertTrue(sim.devices().find(IOMMU_DEVICE).isEmpty() && sim.devices().find(BOUNCE_DEVICE).isEmpty());
        assertLeakReportedOnce(IOMMU_DEVICE, iommuLeak);
        assertLeakReportedOnce(BOUNCE_DEVICE, bounceLeak);
        assertEquals(errorsBefore + 2, sim.dmaDebug().errorCount());
        assertEquals(pendingLinesBefore + 2, sim.log().grep(PENDING).size());
        assertEquals(List.of(), sim.dmaDebug().entries());
        assertEquals(List.of(), domain.iovaRanges());
        assertEquals(0, domain.mappedPages());
        assertEquals(swiotlbBefore, HotplugSupport.swiotlbUsedPages(sim));
    }

    private static Set<String> leakMessages(Simulation sim, String device, int count) {
        List<DmaDebugEntry> entries = sim.dmaDebug().entries(device);
        assertEquals(device + " entries", count, entries.size());
        Set<String> messages = new HashSet<>();
        for (DmaDebugEntry e : entries) {
            messages.add(String.format(Locale.ROOT, "DMA-API: %s %s: %s [count=%d]\nOne of leaked entries details:"
                    + " [device address=0x%016x] [size=%d bytes] [mapped with %s] [mapped as %s]", e.driver(),
                    e.device(), PENDING, count, e.dmaAddress(), e.size(), e.direction().kernelName(), e.type()));
        }
        return messages;
    }

    /** One LEAK_AT_UNBIND report for the device, with one of the expected texts, and it once in dmesg. */
    private void assertLeakReportedOnce(String device, Set<String> expected) {
        List<DmaDebugReport> reports = sim.dmaDebug().reports(device);
        assertEquals(device + " reports", 1, reports.size());
        DmaDebugReport report = reports.get(0);
        assertEquals(DmaDebugError.LEAK_AT_UNBIND, report.error());
        assertTrue(report.message() + " not in " + expected, expected.contains(report.message()));
        List<String> logged = sim.log().grep(" " + device + ": " + PENDING).stream()
                .map(KernelLog.Record::message).toList();
        assertEquals(List.of(report.message()), logged);
    }
}
