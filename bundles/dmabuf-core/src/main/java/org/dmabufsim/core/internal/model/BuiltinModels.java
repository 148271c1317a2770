// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import java.util.List;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dmabuf.DmaBufs;
import org.dmabufsim.dmabuf.spi.CachingModel;

/**
 * The caching models every simulation has from the start: {@value CachingModel#ION_4_9},
 * {@value CachingModel#ION_4_12} and {@value CachingModel#DMA_HEAP}. Each simulation gets its own
 * instances (they print to its dmesg).
 */
public final class BuiltinModels {

    private BuiltinModels() {
    }

    /** New instances of the three models, printing to {@code log}. */
    public static List<CachingModel> create(KernelLogImpl log) {
        return List.of(new Ion49Model(log), new Ion412Model(log), new DmaHeapModel());
    }

    /** Registers the three models with {@code dmabufs}. */
    public static void registerAll(DmaBufs dmabufs, KernelLogImpl log) {
        for (CachingModel model : create(log)) {
            dmabufs.registerCachingModel(model);
        }
    }
}
