// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaMapping;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * A simulated SoC as an outside test writer builds one: only {@code Simulation.create} and the
 * exported API, no {@code org.dmabufsim.core.internal} type.
 */
final class Soc implements AutoCloseable {
    static final int PAGE = 4096;
    static final Owner OWNER = Owner.process(100);

    final Simulation sim;
    final DmaMapping dma;

    Soc(SimulationConfig config) {
        this.sim = Simulation.create(config);
        this.dma = sim.dma();
    }

    /** Default memory map, quiet cache (no prefetch, no pressure eviction), the given era. */
    static Soc quiet(Arm64Era era) {
        return new Soc(SimulationConfig.defaults().withCache(CacheConfig.quiet()).withEra(era));
    }

    static Soc quiet() {
        return quiet(Arm64Era.FROM_5_19);
    }

    DmaDevice device(DeviceSpec spec) {
        return sim.devices().create(spec);
    }

    /** A non-coherent dma-direct platform device; the driver name is the name without digits. */
    DmaDevice direct(String name) {
        return device(DeviceSpec.of(name, name.replaceAll("[0-9]", "")));
    }

    /** A non-coherent device behind a strict IOMMU domain. */
    DmaDevice iommu(String name) {
        return device(DeviceSpec.of(name, name.replaceAll("[0-9]", "")).withIommu(IommuSpec.strict()));
    }

    PageRange page(Zone zone) {
        return sim.memory().allocPages(0, zone);
    }

    PageRange pages(int order, Zone zone) {
        return sim.memory().allocPages(order, zone);
    }

    /** Zeroed chunks of the given orders in ZONE_NORMAL, as a heap hands them out. */
    List<PageRange> zeroedChunks(int... orders) {
        List<PageRange> chunks = new ArrayList<>();
        for (int order : orders) {
            PageRange r = pages(order, Zone.NORMAL);
            sim.cpu().clearPages(r);
            chunks.add(r);
        }
        return chunks;
    }

    /** A kernel-mappable, cached page-backed buffer with a built-in caching model. */
    DmaBuf exportPages(String model, int... orders) {
        List<PageRange> chunks = zeroedChunks(orders);
        long size = chunks.stream().mapToLong(PageRange::bytes).sum();
        return sim.dmabufs().exportPages(new PageExportInfo("ion", chunks, size, model, PageExportInfo.FLAG_CACHED,
                true, ExportInfo.O_RDWR, OWNER, null));
    }

    /** A buffer of the outsider's own exporter. */
    DmaBuf export(TestExporter ops) {
        return sim.dmabufs().export(new ExportInfo("acceptance", ops.size(), ops, ExportInfo.O_RDWR, OWNER));
    }

    void cpuFill(long phys, int len, int value) {
        sim.cpu().linearMap().fill(phys, len, (byte) value);
    }

    void cpuWrite(long phys, byte[] data) {
        sim.cpu().linearMap().write(phys, data);
    }

    byte[] cpuRead(long phys, int len) {
        return sim.cpu().linearMap().read(phys, len);
    }

    byte[] dram(long phys, int len) {
        byte[] b = new byte[len];
        sim.memory().readDram(phys, b, 0, len);
        return b;
    }

    DmaJobResult run(DmaDevice dev, DmaStep step) {
        return dev.queue().run(DmaJob.of("acceptance", step));
    }

    /** The device reads {@code len} bytes; the job must succeed. */
    byte[] deviceRead(DmaDevice dev, long dmaAddress, int len) {
        DmaJobResult r = run(dev, new DmaStep.Read(dmaAddress, len));
        if (!r.ok()) {
            throw new AssertionError("device read failed: " + r.step(0));
        }
        return Arrays.copyOf(r.step(0).data(), len);
    }

    /** The device writes {@code len} bytes of {@code value}; the job must succeed. */
    void deviceFill(DmaDevice dev, long dmaAddress, long len, int value) {
        DmaJobResult r = run(dev, new DmaStep.Fill(dmaAddress, len, (byte) value));
        if (!r.ok()) {
            throw new AssertionError("device fill failed: " + r.step(0));
        }
    }

    /** Messages of one level, oldest first. */
    List<String> messages(KernelLog.Level level) {
        return sim.log().records().stream().filter(r -> r.level() == level).map(KernelLog.Record::message).toList();
    }

    /** WARN messages containing {@code text}, oldest first. */
    List<String> warnings(String text) {
        return sim.log().grep(text).stream().filter(r -> r.level() == KernelLog.Level.WARN)
                .map(KernelLog.Record::message).toList();
    }

    /** Page accounting of the swiotlb pool. */
    RegionStats swiotlb() {
        return sim.memory().stats().stream().filter(s -> s.name().equals("swiotlb")).findFirst().orElseThrow();
    }

    boolean inSwiotlb(long addr) {
        return sim.memory().region("swiotlb").orElseThrow().contains(addr);
    }

    static byte[] filled(int len, int value) {
        byte[] b = new byte[len];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Override
    public void close() {
        sim.close();
    }
}
