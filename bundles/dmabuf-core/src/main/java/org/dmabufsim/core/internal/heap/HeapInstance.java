// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One heap of the registry: its spec, its policy while it lives, and its live-buffer accounting.
 *
 * <p>Every call into the policy is bracketed by {@link #enter()} and {@link #exit()}, which count
 * the calls in flight. {@link #remove()} closes the gate at once (later {@code enter} calls get
 * {@code null}) and never waits: if calls are in flight, the last one to {@code exit} runs the
 * policy's {@code shutdown}. After {@code shutdown} the instance holds neither the policy nor the
 * factory, so no object of the heap's bundle stays reachable through it (buffers still reference
 * the instance through their page sink).
 *
 * @ThreadSafe
 */
final class HeapInstance {
    private static final Logger LOG = LoggerFactory.getLogger(HeapInstance.class);

    private final HeapSpec spec;
    private final Object gateLock = new Object(); // guards policy, factory, inFlight, removed
    private HeapPolicy policy;
    private HeapFactory factory;
    private int inFlight;
    private boolean removed;
    private final AtomicLong liveBuffers = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();

    HeapInstance(HeapSpec spec, HeapFactory factory, HeapPolicy policy) {
        this.spec = spec;
        this.factory = factory;
        this.policy = policy;
    }

    HeapSpec spec() {
        return spec;
    }

    String name() {
        return spec.name();
    }

    /** Whether this heap was created by {@code candidate} and is not removed. */
    boolean createdBy(HeapFactory candidate) {
        synchronized (gateLock) {
            return !removed && factory == candidate;
        }
    }

    /**
     * Opens a call into the policy: the policy, or {@code null} once the heap was removed. Every
     * non-null result must be matched by one {@link #exit()}.
     */
    HeapPolicy enter() {
        synchronized (gateLock) {
            if (removed) {
                return null;
            }
            inFlight++;
            return policy;
        }
    }

    /** Closes a call opened by {@link #enter()}; the last call out of a removed heap shuts it down. */
    void exit() {
        HeapPolicy last = null;
        synchronized (gateLock) {
            if (--inFlight == 0 && removed) {
                last = detach();
            }
        }
        if (last != null) {
            shutdown(last);
        }
    }

    /**
     * Takes the heap out of service. Returns false if it already was. The policy is shut down now if
     * no call is in flight, otherwise by the last call to leave.
     */
    boolean remove() {
        HeapPolicy idle = null;
        synchronized (gateLock) {
            if (removed) {
                return false;
            }
            removed = true;
            if (inFlight == 0) {
                idle = detach();
            }
        }
        if (idle != null) {
            shutdown(idle);
        }
        return true;
    }

    /** A buffer of {@code bytes} is being handed out. */
    void bufferAllocated(long bytes) {
        liveBuffers.incrementAndGet();
        liveBytes.addAndGet(bytes);
    }

    /** A buffer of {@code bytes} was released (or its export failed). */
    void bufferReleased(long bytes) {
        liveBuffers.decrementAndGet();
        liveBytes.addAndGet(-bytes);
    }

    long liveBuffers() {
        return liveBuffers.get();
    }

    long liveBytes() {
        return liveBytes.get();
    }

    /** The registry's view; the policy's stats if it is still in service. */
    HeapInfo info() {
        HeapStats stats = HeapStats.EMPTY;
        HeapPolicy p = enter();
        if (p != null) {
            try {
                stats = p.stats();
            } finally {
                exit();
            }
        }
        return new HeapInfo(spec, liveBuffers.get(), liveBytes.get(), stats);
    }

    /** gateLock held: lets go of the policy and the factory, returning the policy to shut down. */
    private HeapPolicy detach() {
        HeapPolicy p = policy;
        policy = null;
        factory = null;
        return p;
    }

    private void shutdown(HeapPolicy p) {
        try {
            p.shutdown();
            LOG.info("heap {}: policy shut down", spec.name());
        } catch (RuntimeException e) {
            LOG.error("heap {}: policy shutdown failed", spec.name(), e);
        }
    }
}
