// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.job.DmaQueueImpl;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDevices;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The devices of one simulation, by name in creation order. Creating one gives it its DMA address
 * space; closing it (unbind) removes it, after which its name may be used again. Fence contexts come
 * from a per-simulation counter starting at 1 ({@code dma_fence_context_alloc}).
 *
 * @ThreadSafe {@code live} is guarded by {@code lock}
 */
public final class DmaDevicesImpl implements DmaDevices {
    private static final Logger LOG = LoggerFactory.getLogger(DmaDevicesImpl.class);

    private final DmaContext ctx;
    private final ArchDma arch;
    private final WarnOnce once = new WarnOnce();
    private final AtomicLong fenceContexts = new AtomicLong(1);
    private final Object lock = new Object(); // guards live
    private final Map<String, DeviceImpl> live = new LinkedHashMap<>();

    public DmaDevicesImpl(DmaContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.arch = new ArchDma(ctx);
    }

    /**
     * @throws ErrnoException EEXIST for the name of a live device; EINVAL for a segment boundary mask
     *     that is not {@code 2^n - 1}
     */
    @Override
    public DmaDevice create(DeviceSpec spec) {
        Objects.requireNonNull(spec, "spec");
        ctx.ensureOpen().run();
        long boundary = spec.segmentBoundaryMask();
        if ((boundary & (boundary + 1)) != 0) {
            throw new ErrnoException(Errno.EINVAL, String.format(Locale.ROOT,
                    "device %s: segment boundary mask %#x is not 2^n - 1", spec.name(), boundary));
        }
        DeviceImpl device;
        synchronized (lock) {
            if (live.containsKey(spec.name())) {
                throw new ErrnoException(Errno.EEXIST, "device " + spec.name() + " already exists");
            }
            device = new DeviceImpl(ctx, spec, fenceContexts.getAndIncrement(), arch, once, this::gone);
            live.put(spec.name(), device);
        }
        LOG.info("device {}: bound, driver {}, {}", spec.name(), spec.driver(),
                spec.hasIommu() ? "IOMMU " + spec.iommu().type() : "dma-direct");
        return device;
    }

    @Override
    public List<DmaDevice> list() {
        synchronized (lock) {
            return List.copyOf(live.values());
        }
    }

    @Override
    public Optional<DmaDevice> find(String name) {
        synchronized (lock) {
            return Optional.ofNullable(live.get(name));
        }
    }

    /** {@code Simulation.runDevices}: every queued job of every live device, in modelled-time order. */
    public void runAll() {
        List<DmaQueueImpl> queues = new ArrayList<>();
        synchronized (lock) {
            live.values().forEach(d -> queues.add(d.queue()));
        }
        DmaQueueImpl.runAll(queues);
    }

    private void gone(DeviceImpl device) {
        synchronized (lock) {
            live.remove(device.name(), device);
        }
    }
}
