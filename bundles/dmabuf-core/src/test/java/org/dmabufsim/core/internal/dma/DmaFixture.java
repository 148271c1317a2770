// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Arrays;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * A simulation built through the exported API with a quiet cache (no speculative prefetch, no
 * pressure eviction), so cache states are exact, plus helpers for pages, CPU and device accesses.
 */
final class DmaFixture implements AutoCloseable {
    static final long SWIOTLB_BASE = 0xFC00_0000L;
    static final long SWIOTLB_SIZE = 64L << 20;

    final Simulation sim;
    final DmaMapping dma;

    private DmaFixture(SimulationConfig config) {
        this.sim = Simulation.create(config);
        this.dma = sim.dma();
    }

    /** The default 8 GiB map and the given era, quiet cache. */
    static DmaFixture quiet(Arm64Era era) {
        return new DmaFixture(SimulationConfig.defaults().withCache(CacheConfig.quiet()).withEra(era));
    }

    static DmaFixture quiet() {
        return quiet(Arm64Era.FROM_5_19);
    }

    static DmaFixture of(SimulationConfig config) {
        return new DmaFixture(config);
    }

    /** The internal view, for the few checks the exported API does not expose. */
    SimulationImpl impl() {
        return (SimulationImpl) sim;
    }

    DmaDevice device(DeviceSpec spec) {
        return sim.devices().create(spec);
    }

    /** One page of the zone; NORMAL pages lie above 4 GiB in the default map. */
    PageRange page(Zone zone) {
        return sim.memory().allocPages(0, zone);
    }

    /** A device, one NORMAL page and the address of its {@code dma_map_page} (whole page, no attrs). */
    record Mapped(DmaDevice dev, PageRange page, long addr) {
    }

    /** Creates a device of {@code spec} and maps a new NORMAL page for it in {@code dir}. */
    Mapped mapNewPage(DeviceSpec spec, DmaDirection dir) {
        DmaDevice dev = device(spec);
        PageRange page = page(Zone.NORMAL);
        return new Mapped(dev, page, dma.mapPage(dev, page.pfn(), 0, 4096, dir, DmaAttrs.NONE));
    }

    PageRange pages(int order, Zone zone) {
        return sim.memory().allocPages(order, zone);
    }

    void cpuWrite(long phys, byte[] data) {
        sim.cpu().linearMap().write(phys, data);
    }

    void cpuFill(long phys, int len, int value) {
        sim.cpu().linearMap().fill(phys, len, (byte) value);
    }

    byte[] cpuRead(long phys, int len) {
        return sim.cpu().linearMap().read(phys, len);
    }

    byte[] dram(long phys, int len) {
        byte[] b = new byte[len];
        sim.memory().readDram(phys, b, 0, len);
        return b;
    }

    /** The device reads {@code len} bytes at {@code dmaAddress} and the CPU waits for it. */
    byte[] deviceRead(DmaDevice dev, long dmaAddress, int len) {
        DmaJobResult r = dev.queue().run(DmaJob.of("read", new DmaStep.Read(dmaAddress, len)));
        if (!r.ok()) {
            throw new AssertionError("device read failed: " + r.step(0));
        }
        return Arrays.copyOf(r.step(0).data(), len);
    }

    /** The device writes {@code len} bytes of {@code value} at {@code dmaAddress}; the CPU waits for it. */
    void deviceFill(DmaDevice dev, long dmaAddress, int len, int value) {
        DmaJobResult r = dev.queue().run(DmaJob.of("fill", new DmaStep.Fill(dmaAddress, len, (byte) value)));
        if (!r.ok()) {
            throw new AssertionError("device fill failed: " + r.step(0));
        }
    }

    long warnings() {
        return sim.log().count(KernelLog.Level.WARN);
    }

    long usedSwiotlbSlots() {
        return impl().swiotlb().orElseThrow().usedSlots();
    }

    static boolean inSwiotlb(long phys) {
        return phys >= SWIOTLB_BASE && phys < SWIOTLB_BASE + SWIOTLB_SIZE;
    }

    static byte[] filled(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static ReservedRegion swiotlbRegion() {
        return ReservedRegion.swiotlb(SWIOTLB_BASE, SWIOTLB_SIZE);
    }

    @Override
    public void close() {
        sim.close();
    }
}
