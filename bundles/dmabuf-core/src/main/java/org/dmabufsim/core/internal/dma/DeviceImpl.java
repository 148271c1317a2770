// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import org.dmabufsim.core.internal.iommu.IommuDomain;
import org.dmabufsim.core.internal.job.DeviceBus;
import org.dmabufsim.core.internal.job.DmaQueueImpl;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuDomainView;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bound device: its spec, its DMA address space (dma-direct, or an IOMMU domain with dma-iommu
 * ops; an identity domain maps as dma-direct with DMA address = physical address), its job queue
 * and the live mappings that hold DMA-layer resources.
 *
 * <p>{@link #close()} is driver unbind, in this order: the queued jobs run; dma-debug reports any
 * pending mappings once ({@code dma_debug_device_change}); the dma-buf core unmaps and detaches the
 * attachments the device left (through their exporters); the remaining mappings are torn down
 * silently (bounce slots copied back per direction and freed, IOVA unmapped and freed, a lazy
 * domain's flush queue flushed, coherent buffers freed as devres would); dma-debug forgets the
 * device. While that runs only the unbinding
 * thread may use the device; afterwards every call with it throws ENODEV.
 *
 * @ThreadSafe {@code state} and {@code unbinder} change under {@code stateLock} and are read
 *     through volatile fields; the parts have their own locks
 */
public final class DeviceImpl implements DmaDevice {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceImpl.class);

    private enum State { BOUND, UNBINDING, GONE }

    private final DmaContext ctx;
    private final DeviceSpec spec;
    private final IommuDomain domain; // null without IOMMU
    private final LiveMappings live = new LiveMappings();
    private final DmaOps ops;
    private final DmaQueueImpl queue;
    private final RandomGenerator random;
    private final Consumer<DeviceImpl> onGone;
    private final Object stateLock = new Object(); // guards transitions of state and unbinder
    private volatile State state = State.BOUND;
    private volatile Thread unbinder;

    DeviceImpl(DmaContext ctx, DeviceSpec spec, long fenceContext, ArchDma arch, WarnOnce once,
            Consumer<DeviceImpl> onGone) {
        this.ctx = ctx;
        this.spec = spec;
        this.onGone = onGone;
        this.domain = spec.hasIommu() ? IommuDomain.forDevice(spec, ctx.iommuContext()) : null;
        DeviceBus bus;
        if (domain == null) {
            ops = new DirectOps(ctx, spec, spec.dmaOffset(), live, arch, once);
            bus = DmaBus.direct(ctx.memory().dram(), spec, spec.dmaOffset());
        } else if (domain.type() == IommuDomainType.IDENTITY) {
            ops = new DirectOps(ctx, spec, 0, live, arch, once);
            bus = DmaBus.direct(ctx.memory().dram(), spec, 0);
        } else {
            ops = new IommuDmaOps(ctx, spec, domain, live, arch);
            bus = DmaBus.iommu(ctx.memory().dram(), spec, domain);
        }
        this.queue = new DmaQueueImpl(spec, fenceContext, bus, ctx.cpu(), ctx.cache(), ctx.stats(),
                this::ensureUsable);
        this.random = ctx.random().stream("device:" + spec.name());
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public DmaQueueImpl queue() {
        return queue;
    }

    @Override
    public Optional<IommuDomainView> iommu() {
        return Optional.ofNullable(domain);
    }

    /** The device's own random stream ({@code "device:" + name}), for device models. */
    public RandomGenerator random() {
        return random;
    }

    /** Live mappings holding bounce slots, IOVA ranges or coherent buffers. */
    public int liveMappings() {
        return live.size();
    }

    /** Takes the coherent buffer at {@code dmaAddress} out of the live mappings, or {@code null}. */
    LiveMapping.Coherent takeCoherent(long dmaAddress) {
        return live.removeCoherent(dmaAddress);
    }

    DmaContext context() {
        return ctx;
    }

    DmaOps ops() {
        return ops;
    }

    /** Throws ENODEV once the device is gone, or while another thread unbinds it. */
    void ensureUsable() {
        State s = state;
        if (s == State.GONE || (s == State.UNBINDING && unbinder != Thread.currentThread())) {
            throw new ErrnoException(Errno.ENODEV, "device " + spec.name() + " is unbound");
        }
    }

    @Override
    public boolean isClosed() {
        return state != State.BOUND;
    }

    @Override
    public void close() {
        synchronized (stateLock) {
            if (state != State.BOUND) {
                return;
            }
            unbinder = Thread.currentThread();
            state = State.UNBINDING;
        }
        try {
            unbind();
        } finally {
            synchronized (stateLock) {
                state = State.GONE;
                unbinder = null;
            }
            onGone.accept(this);
        }
    }

    private void unbind() {
        int leaked = 0;
        int detached = 0;
        int tornDown = 0;
        try {
            queue.flush();
            leaked = ctx.debug().deviceUnbind(this);
            detached = ctx.forceDetach().applyAsInt(this);
        } finally {
            try {
                List<LiveMapping> left = live.drain();
                tornDown = left.size();
                left.forEach(ops::teardown);
                if (domain != null) {
                    domain.flushQueue(); // the domain goes with the device: nothing stays queued
                }
            } finally {
                ctx.debug().forget(this);
            }
        }
        LOG.info("device {}: unbound ({} pending dma-debug entries, {} attachments detached, {} mappings torn down)",
                spec.name(), leaked, detached, tornDown);
    }

    @Override
    public String toString() {
        return spec.name();
    }
}
