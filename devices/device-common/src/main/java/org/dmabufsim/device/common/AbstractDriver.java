// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A driver that imports dma-bufs as kernel importers do: {@code dma_buf_get} (a reference held by
 * {@link Owner#device the device}), attach, map per {@link MappingPolicy} and {@link ImportMode},
 * one DMA job per frame fenced into the buffer's reservation object, unmap, detach, put.
 *
 * <p>{@link MappingPolicy#AT_IMPORT} maps in {@link #importBuffer} and unmaps in {@link #release}
 * (DRM PRIME); {@link MappingPolicy#PER_FRAME} maps before each frame's job and unmaps after its
 * fence (V4L2 vb2: map at QBUF, unmap at DQBUF); {@link MappingPolicy#CACHED_SGT} does the same
 * calls, which the dma-buf core answers from its cached table when the exporter caches. A refusal
 * (the model's {@link #checkMapped check} or a failed map) unmaps, detaches, puts and throws.
 * Property {@value DeviceProperties#MAPPING_POLICY} overrides the model's policy.
 *
 * <p>Subclasses give the device spec and policy, the direction rule and the frame operations they
 * support (the others are ENOTTY), built from {@link #frame}, {@link #write} and {@link #read}.
 *
 * @ThreadSafe the {@link ImportTable} has its lock; each {@link Import} has its own, taken in
 *     {@link Import#id()} order; the rest is immutable
 */
public abstract class AbstractDriver implements DeviceDriver {
    private static final Logger LOG = LoggerFactory.getLogger(AbstractDriver.class);
    private static final Map<String, MappingPolicy> POLICIES = policies();

    private final String name;
    private final String model;
    private final Simulation sim;
    private final Owner owner;
    private final ImportMode importMode;
    private final MappingPolicy policy;
    private final FrameFormat frame;
    private final DmaDevice device;
    private final ImportMapper mapper;
    private final FrameJobs jobs;
    private final AtomicLong ids = new AtomicLong();
    private final ImportTable imports;

    /**
     * Parses the configuration, then opens the device: a bad configuration leaves nothing open.
     *
     * @param spec the model's device spec, named {@code context.config().name()}; the configuration's
     *        overrides are applied to it
     * @throws ErrnoException EINVAL for a bad property; what {@link DriverContext#openDevice} throws
     */
    protected AbstractDriver(DriverContext context, String model, DeviceSpec spec, MappingPolicy defaultPolicy) {
        DeviceProperties props = new DeviceProperties(context.config());
        this.name = context.config().name();
        this.model = model;
        this.sim = context.sim();
        this.owner = Owner.device(name);
        this.imports = new ImportTable(name);
        this.importMode = ImportMode.of(context.config());
        this.policy = props.choice(DeviceProperties.MAPPING_POLICY, defaultPolicy, POLICIES);
        this.frame = FrameFormat.of(props);
        DeviceSpec configured = DeviceSpecs.configure(spec, props);
        this.device = context.openDevice(configured);
        this.mapper = new ImportMapper(sim.dma(), device, importMode, frame.bytes());
        this.jobs = new FrameJobs(device);
        LOG.debug("{}: {} driver bound, {}, {} mapping, import.mode={}, frame {}", name, model, configured,
                policy, importMode.value(), frame);
    }

    private static Map<String, MappingPolicy> policies() {
        Map<String, MappingPolicy> m = new LinkedHashMap<>();
        m.put("per-frame", MappingPolicy.PER_FRAME);
        m.put("at-import", MappingPolicy.AT_IMPORT);
        m.put("cached-sgt", MappingPolicy.CACHED_SGT);
        return Collections.unmodifiableMap(m);
    }

    /**
     * The direction the device maps a buffer it imports for {@code requested}.
     *
     * @throws ErrnoException EINVAL for a direction the device cannot use (see {@link DriverChecks#checkDirection})
     */
    protected abstract DmaDirection mapDirection(DmaDirection requested);

    /**
     * The model's check of a fresh mapping (e.g. DRM's contiguity check). Throwing refuses it: the
     * driver unmaps (and at import detaches) and propagates the exception. Runs with the import's lock.
     */
    protected void checkMapped(Import imp) {
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String model() {
        return model;
    }

    @Override
    public final DmaDevice device() {
        return device;
    }

    @Override
    public final MappingPolicy mappingPolicy() {
        return policy;
    }

    /** How this driver gets its DMA addresses. */
    public final ImportMode importMode() {
        return importMode;
    }

    /** The frame it moves. */
    public final FrameFormat frameFormat() {
        return frame;
    }

    /** The simulation. */
    protected final Simulation sim() {
        return sim;
    }

    /**
     * The table the driver holds for {@code buffer} (while mapped), its addresses as they are now;
     * the device runs from the descriptors copied from it at map ({@link Import#program()}).
     */
    @Override
    public final Optional<SgTable> mappedTable(ImportedBuffer buffer) {
        return imports.get(buffer).table();
    }

    @Override
    public final ImportedBuffer importBuffer(DmaBuf dmabuf, DmaDirection direction) {
        Objects.requireNonNull(dmabuf, "dmabuf");
        Objects.requireNonNull(direction, "direction");
        imports.ensureOpen();
        DmaDirection dir = mapDirection(direction);
        DriverChecks.checkFrameSize(name, dmabuf, frame);
        if (dmabuf.isReleased()) {
            throw new ErrnoException(Errno.EBADF, name + ": dma-buf " + dmabuf.inode() + " was released");
        }
        dmabuf.get(owner);
        DmaBufAttachment attachment;
        try {
            attachment = dmabuf.attach(device);
        } catch (RuntimeException e) {
            dmabuf.put(owner);
            throw e;
        }
        Import imp = new Import(ids.incrementAndGet(), new ImportedBuffer(name, dmabuf, attachment, dir));
        mapAtImport(imp);
        if (!imports.add(imp)) {
            teardown(imp);
            throw imports.closedError();
        }
        LOG.debug("{}: imported dma-buf {} for {}", name, dmabuf.inode(), dir.kernelName());
        return imp.buffer();
    }

    /** AT_IMPORT: map and check now; a refusal detaches and puts before it is thrown. */
    private void mapAtImport(Import imp) {
        imp.lock();
        try {
            if (policy == MappingPolicy.AT_IMPORT) {
                mapper.map(imp, this::checkMapped);
            }
        } catch (RuntimeException e) {
            detachAndPut(imp);
            throw e;
        } finally {
            imp.unlock();
        }
    }

    @Override
    public FrameResult produce(ImportedBuffer dst, long frameNo) {
        throw unsupported("produce");
    }

    @Override
    public FrameResult consume(ImportedBuffer src, long frameNo) {
        throw unsupported("consume");
    }

    @Override
    public FrameResult process(ImportedBuffer src, ImportedBuffer dst, long frameNo) {
        throw unsupported("process");
    }

    /** ENOTTY: the model has no such operation (the kernel's answer to an ioctl a driver lacks). */
    protected final ErrnoException unsupported(String operation) {
        return new ErrnoException(Errno.ENOTTY, name + ": a " + model + " cannot " + operation);
    }

    /** The body of a frame: runs the jobs on the imports, all locked and mapped. */
    @FunctionalInterface
    protected interface FrameBody {
        FrameResult run(List<Import> imports);
    }

    /**
     * Runs one frame on {@code buffers}: locks their imports (in import order), maps them first if
     * the policy maps per frame (a refusal unmaps what this frame mapped and is thrown), runs
     * {@code body} with the imports in the order given, and unmaps after the body (which waited for
     * its fences).
     *
     * @throws ErrnoException ENODEV after close; EINVAL for a buffer this driver did not import or released
     */
    protected final FrameResult frame(List<ImportedBuffer> buffers, FrameBody body) {
        List<Import> given = new ArrayList<>();
        buffers.forEach(b -> given.add(imports.get(Objects.requireNonNull(b, "buffer"))));
        try (FrameLocks locks = FrameLocks.lock(given, imports)) {
            List<Import> mapped = new ArrayList<>();
            try {
                if (policy != MappingPolicy.AT_IMPORT) {
                    for (Import imp : locks.imports()) {
                        mapper.map(imp, this::checkMapped);
                        mapped.add(imp);
                    }
                }
                return body.run(given);
            } finally {
                unmapAll(mapped);
            }
        }
    }

    private void unmapAll(List<Import> mapped) {
        for (int i = mapped.size() - 1; i >= 0; i--) {
            mapper.unmap(mapped.get(i));
        }
    }

    /** One job writing the frame into {@code dst}; call from a {@link FrameBody}. */
    protected final DmaJobResult write(Import dst, long frameNo, FrameSource source) {
        return jobs.write(dst, "frame " + frameNo + " write", source);
    }

    /** One job reading the frame from {@code src}; call from a {@link FrameBody}. */
    protected final FrameRead read(Import src, long frameNo) {
        return jobs.read(src, "frame " + frameNo + " read", frame.bytes());
    }

    @Override
    public final void release(ImportedBuffer buffer) {
        teardown(imports.remove(Objects.requireNonNull(buffer, "buffer")));
    }

    /** Releases every import (a failure is logged and the others still go), then closes the device. */
    @Override
    public final void close() {
        List<Import> all = imports.close();
        if (all == null) {
            return;
        }
        try {
            for (Import imp : all) {
                try {
                    teardown(imp);
                } catch (RuntimeException e) {
                    LOG.error("{}: releasing dma-buf {} failed", name, imp.buffer().dmabuf().inode(), e);
                }
            }
        } finally {
            device.close();
        }
        LOG.debug("{}: {} driver unbound, {} imports released", name, model, all.size());
    }

    /** Unmap if mapped, detach, put; waits for a frame running on the import. */
    private void teardown(Import imp) {
        imp.lock();
        try {
            imp.released();
            if (imp.isMapped()) {
                mapper.unmap(imp);
            }
        } finally {
            try {
                detachAndPut(imp);
            } finally {
                imp.unlock();
            }
        }
    }

    private void detachAndPut(Import imp) {
        ImportedBuffer b = imp.buffer();
        try {
            b.dmabuf().detach(b.attachment());
        } finally {
            b.dmabuf().put(owner);
        }
    }
}
