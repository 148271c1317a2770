// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.PageAttachment;
import org.dmabufsim.dmabuf.spi.PageBuffer;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.Simulation;
import org.dmabufsim.sim.SimulationConfig;

/**
 * A simulation built through the exported API (default cache unless a test asks otherwise), with
 * helpers to allocate zeroed pages ({@code allocPages} + {@code clearPages}), export them with a
 * caching model, create devices and run device jobs.
 */
final class ModelFixture implements AutoCloseable {
    static final Owner OWNER = Owner.process(100);
    static final int PAGE = 4096;

    final Simulation sim;

    ModelFixture(SimulationConfig config) {
        this.sim = Simulation.create(config);
    }

    /** Defaults (cache with prefetch and pressure eviction, era FROM_5_19), seed 1. */
    ModelFixture() {
        this(SimulationConfig.defaults());
    }

    static ModelFixture of(long seed, Arm64Era era) {
        return new ModelFixture(SimulationConfig.defaults().withSeed(seed).withEra(era));
    }

    /** A non-coherent dma-direct platform device. */
    DmaDevice direct(String name) {
        return sim.devices().create(DeviceSpec.of(name, name.replaceAll("[0-9]", "")));
    }

    /** A non-coherent device behind a strict IOMMU domain. */
    DmaDevice iommu(String name) {
        return sim.devices().create(DeviceSpec.of(name, name.replaceAll("[0-9]", "")).withIommu(IommuSpec.strict()));
    }

    DmaDevice device(DeviceSpec spec) {
        return sim.devices().create(spec);
    }

    /** Zeroed chunks of the given orders in ZONE_NORMAL, as a heap hands them out. */
    List<PageRange> zeroedChunks(int... orders) {
        List<PageRange> chunks = new ArrayList<>();
        for (int order : orders) {
            PageRange r = sim.memory().allocPages(order, Zone.NORMAL);
            sim.cpu().clearPages(r);
            chunks.add(r);
        }
        return chunks;
    }

    DmaBuf export(String model, List<PageRange> chunks, long flags, boolean kernelMappable) {
        long size = chunks.stream().mapToLong(PageRange::bytes).sum();
        return sim.dmabufs().exportPages(new PageExportInfo("ion", chunks, size, model, flags, kernelMappable,
                ExportInfo.O_RDWR, OWNER, null));
    }

    /** A kernel-mappable buffer of the given chunk orders. */
    DmaBuf export(String model, long flags, int... orders) {
        return export(model, zeroedChunks(orders), flags, true);
    }

    PageBuffer pageBuffer(DmaBuf buf) {
        return ((SimulationImpl) sim).dmabufs().pageBuffer(buf).orElseThrow();
    }

    /** The model's view of the attachment of {@code dev}. */
    PageAttachment pageAttachment(DmaBuf buf, DmaDevice dev) {
        return pageBuffer(buf).attachments().stream().filter(a -> a.device() == dev).findFirst().orElseThrow();
    }

    Counters counters() {
        return sim.counters();
    }

    List<String> warnings(String text) {
        return sim.log().grep(text).stream().filter(r -> r.level() == KernelLog.Level.WARN)
                .map(KernelLog.Record::message).toList();
    }

    DmaJobResult run(DmaDevice dev, DmaStep... steps) {
        return dev.queue().run(DmaJob.of("job", steps));
    }

    /** The device reads {@code len} bytes; the job must succeed. */
    byte[] deviceRead(DmaDevice dev, long dma, int len) {
        DmaJobResult r = run(dev, new DmaStep.Read(dma, len));
        if (!r.ok()) {
            throw new AssertionError("device read failed: " + r.step(0));
        }
        return Arrays.copyOf(r.step(0).data(), len);
    }

    /** The device fills {@code len} bytes; the job must succeed. */
    void deviceFill(DmaDevice dev, long dma, long len, int value) {
        DmaJobResult r = run(dev, new DmaStep.Fill(dma, len, (byte) value));
        if (!r.ok()) {
            throw new AssertionError("device fill failed: " + r.step(0));
        }
    }

    byte[] dram(long phys, int len) {
        byte[] b = new byte[len];
        sim.memory().readDram(phys, b, 0, len);
        return b;
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
