// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * A device's live mappings that hold DMA-layer resources: bounce slots, IOVA ranges and coherent
 * buffers, each kind by address. The kernel keeps no such list (its drivers must unmap); the
 * simulation keeps it so that an unbound device's leftovers can be torn down and the buffers stay
 * intact for other devices. Mappings without resources (plain dma-direct) are not listed.
 *
 * @ThreadSafe every map is guarded by {@code lock}
 */
final class LiveMappings {
    private final Object lock = new Object(); // guards bounces, iovas, coherents
    private final TreeMap<Long, LiveMapping.Bounce> bounces = new TreeMap<>();
    private final TreeMap<Long, LiveMapping.Iova> iovas = new TreeMap<>();
    private final TreeMap<Long, LiveMapping.Coherent> coherents = new TreeMap<>();

    void add(LiveMapping m) {
        synchronized (lock) {
            if (m instanceof LiveMapping.Bounce b) {
                bounces.put(b.tlbPhys(), b);
            } else if (m instanceof LiveMapping.Iova i) {
                iovas.put(i.iova(), i);
            } else {
                LiveMapping.Coherent c = (LiveMapping.Coherent) m;
                coherents.put(c.dmaAddress(), c);
            }
        }
    }

    /** Forgets the bounce buffer at {@code tlbPhys}; returns it, or {@code null}. */
    LiveMapping.Bounce removeBounce(long tlbPhys) {
        synchronized (lock) {
            return bounces.remove(tlbPhys);
        }
    }

    /** Forgets the IOVA range starting at {@code iova}; returns it, or {@code null}. */
    LiveMapping.Iova removeIova(long iova) {
        synchronized (lock) {
            return iovas.remove(iova);
        }
    }

    /** Forgets the coherent buffer at {@code dmaAddress}; returns it, or {@code null}. */
    LiveMapping.Coherent removeCoherent(long dmaAddress) {
        synchronized (lock) {
            return coherents.remove(dmaAddress);
        }
    }

    /** Takes every live mapping: bounce buffers, then IOVA ranges, then coherent buffers, each by address. */
    List<LiveMapping> drain() {
        synchronized (lock) {
            List<LiveMapping> all = new ArrayList<>(size());
            all.addAll(bounces.values());
            all.addAll(iovas.values());
            all.addAll(coherents.values());
            bounces.clear();
            iovas.clear();
            coherents.clear();
            return all;
        }
    }

    int size() {
        synchronized (lock) {
            return bounces.size() + iovas.size() + coherents.size();
        }
    }
}
