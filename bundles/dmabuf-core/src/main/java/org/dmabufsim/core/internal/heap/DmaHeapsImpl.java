// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufsim.core.internal.dmabuf.PageFreer;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaHeaps;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.PageExportInfo;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heap registry of one simulation ({@code dma_heap_add}, {@code dma_heap_buffer_alloc},
 * {@code ion_device_remove_heap}). The core validates once, here; policies never repeat it.
 *
 * <p>Allocation looks the heap up without a global lock and holds only that heap's gate (see
 * {@link HeapInstance}) while it calls the policy and exports the pages. No plug-in code runs under
 * {@code registryLock}: {@code add} reserves the name and id, creates the policy unlocked, then
 * publishes it.
 *
 * @ThreadSafe
 */
public final class DmaHeapsImpl implements DmaHeaps {
    private static final Logger LOG = LoggerFactory.getLogger(DmaHeapsImpl.class);
    /** ION heap ids are bits of the 32-bit {@code heap_id_mask}. */
    static final int MAX_HEAP_ID = 31;

    private final Simulation sim;
    private final KernelLogImpl log;
    private final PageFreer memoryMap;
    private final Map<String, HeapInstance> byName = new ConcurrentHashMap<>(); // writes under registryLock
    private final Object registryLock = new Object(); // guards byId, reserved and every write of byName
    private final TreeMap<Integer, HeapInstance> byId = new TreeMap<>();
    private final Set<String> reservedNames = new HashSet<>();
    private final Set<Integer> reservedIds = new HashSet<>();

    /**
     * @param sim the simulation whose memory, CPU and dma-buf core the heaps use
     * @param log dmesg, for {@code dma_heap_add}'s errors
     * @param memoryMap where buffers of removed heaps give their pages back
     */
    public DmaHeapsImpl(Simulation sim, KernelLogImpl log, PageFreer memoryMap) {
        this.sim = sim;
        this.log = log;
        this.memoryMap = memoryMap;
    }

    @Override
    public HeapInfo add(HeapSpec spec, HeapFactory factory) {
        validate(spec, factory);
        reserve(spec);
        HeapInstance heap;
        try {
            HeapPolicy policy = factory.create(new HeapContextImpl(sim, spec));
            if (policy == null) {
                throw addError("dma_heap: Cannot add heap with invalid ops struct", Errno.EINVAL);
            }
            heap = new HeapInstance(spec, factory, policy);
        } catch (RuntimeException e) {
            unreserve(spec);
            throw e;
        }
        publish(heap);
        LOG.info("heap {} added (type {}, id {}, caching model {})", spec.name(), spec.type(), spec.id(),
                spec.cachingModel());
        return heap.info();
    }

    @Override
    public boolean remove(String name) {
        HeapInstance heap;
        synchronized (registryLock) {
            heap = byName.remove(name);
            if (heap == null) {
                return false;
            }
            byId.remove(heap.spec().id());
        }
        retire(heap);
        return true;
    }

    @Override
    public int removeAll(HeapFactory factory) {
        List<HeapInstance> gone = new ArrayList<>();
        synchronized (registryLock) {
            for (HeapInstance heap : byId.values()) {
                if (heap.createdBy(factory)) {
                    gone.add(heap);
                }
            }
            for (HeapInstance heap : gone) {
                byName.remove(heap.name());
                byId.remove(heap.spec().id());
            }
        }
        gone.forEach(this::retire);
        return gone.size();
    }

    @Override
    public List<HeapInfo> list() {
        List<HeapInstance> heaps;
        synchronized (registryLock) {
            heaps = List.copyOf(byId.values());
        }
        return heaps.stream().map(HeapInstance::info).toList();
    }

    @Override
    public Optional<HeapInfo> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(HeapInstance::info);
    }

    @Override
    public DmaBuf allocate(String heap, long len, long flags, int fileFlags, Owner owner) {
        HeapInstance h = lookup(heap);
        long aligned = pageAlign(len);
        HeapPolicy policy = h.enter();
        if (policy == null) {
            throw noSuchHeap(heap);
        }
        try {
            return allocate(h, policy, aligned, flags, fileFlags, owner);
        } finally {
            h.exit();
        }
    }

    @Override
    public long shrink(String heap, long nrPages) {
        HeapInstance h = lookup(heap);
        if (nrPages < 0) {
            throw new ErrnoException(Errno.EINVAL, "shrink " + heap + ": nr_to_scan " + nrPages);
        }
        HeapPolicy policy = h.enter();
        if (policy == null) {
            throw noSuchHeap(heap);
        }
        try {
            return nrPages == 0 ? policy.shrinkCount() : policy.shrinkScan(nrPages);
        } finally {
            h.exit();
        }
    }

    /** Policy entered: allocate, export, and on a failed export give the pages back to the policy. */
    private DmaBuf allocate(HeapInstance h, HeapPolicy policy, long len, long flags, int fileFlags, Owner owner) {
        List<PageRange> pages = policy.allocate(len, flags);
        HeapSpec spec = h.spec();
        h.bufferAllocated(len);
        try {
            return sim.dmabufs().exportPages(new PageExportInfo(spec.name(), pages, len, spec.cachingModel(), flags,
                    policy.kernelMappable(), fileFlags, owner, new HeapPageSink(h, len, flags, memoryMap)));
        } catch (RuntimeException e) {
            h.bufferReleased(len);
            policy.free(pages, flags);
            throw e;
        }
    }

    /** {@code len = PAGE_ALIGN(len)}; 0, or a length that aligns past 2^63, is EINVAL (rules 51, 70). */
    static long pageAlign(long len) {
        long mask = MemoryMap.PAGE_SIZE - 1;
        if (len <= 0 || len > Long.MAX_VALUE - mask) {
            throw new ErrnoException(Errno.EINVAL, "len " + Long.toUnsignedString(len) + " aligns to 0 or past 2^63");
        }
        return (len + mask) & ~mask;
    }

    private HeapInstance lookup(String name) {
        HeapInstance h = name == null ? null : byName.get(name);
        if (h == null) {
            throw noSuchHeap(name);
        }
        return h;
    }

    private static ErrnoException noSuchHeap(String name) {
        return new ErrnoException(Errno.ENODEV, "no heap named " + name);
    }

    private void validate(HeapSpec spec, HeapFactory factory) {
        if (spec.name().isEmpty()) {
            throw addError("dma_heap: Cannot add heap without a name", Errno.EINVAL);
        }
        if (spec.id() < 0 || spec.id() > MAX_HEAP_ID) {
            throw new ErrnoException(Errno.EINVAL, "heap " + spec.name() + ": id " + spec.id() + " outside 0.."
                    + MAX_HEAP_ID);
        }
        String type = factory.type();
        if (!spec.type().equals(type)) {
            throw new ErrnoException(Errno.EINVAL, "heap " + spec.name() + ": type " + spec.type()
                    + " from a factory of type " + type);
        }
        if (!sim.dmabufs().cachingModels().contains(spec.cachingModel())) {
            throw new ErrnoException(Errno.EINVAL, "heap " + spec.name() + ": unknown caching model "
                    + spec.cachingModel());
        }
    }

    /** {@code pr_err} in {@code dma_heap_add}, and the error to throw. */
    private ErrnoException addError(String message, Errno errno) {
        log.error(message);
        return new ErrnoException(errno, message);
    }

    private void reserve(HeapSpec spec) {
        synchronized (registryLock) {
            if (byName.containsKey(spec.name()) || reservedNames.contains(spec.name())) {
                throw addError("dma_heap: Already registered heap named " + spec.name(), Errno.EEXIST);
            }
            if (byId.containsKey(spec.id()) || reservedIds.contains(spec.id())) {
                throw new ErrnoException(Errno.EEXIST, "heap " + spec.name() + ": id " + spec.id() + " is taken");
            }
            reservedNames.add(spec.name());
            reservedIds.add(spec.id());
        }
    }

    private void unreserve(HeapSpec spec) {
        synchronized (registryLock) {
            reservedNames.remove(spec.name());
            reservedIds.remove(spec.id());
        }
    }

    private void publish(HeapInstance heap) {
        synchronized (registryLock) {
            reservedNames.remove(heap.name());
            reservedIds.remove(heap.spec().id());
            byName.put(heap.name(), heap);
            byId.put(heap.spec().id(), heap);
        }
    }

    private void retire(HeapInstance heap) {
        heap.remove();
        LOG.info("heap {} removed ({} live buffers, {} bytes drain to the memory map)", heap.name(),
                heap.liveBuffers(), heap.liveBytes());
    }
}
