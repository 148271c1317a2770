// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.Map;
import java.util.Objects;

/**
 * One heap instance to create from a {@link org.dmabufsim.dmabuf.spi.HeapFactory}: what a dma-heap
 * device node or an ION heap is configured with.
 *
 * @param name unique heap name, e.g. {@code "system"} or {@code "linux,cma"} (the dma-heap node name, ABI)
 * @param type the factory type, e.g. {@code "system"} or {@code "cma"}
 * @param id the ION heap id (bit in {@code heap_id_mask}), 0..31, unique per simulation
 * @param cachingModel name of the caching model its buffers get, e.g. {@code "dma-heap"}
 * @param config factory-specific settings, e.g. {@code cma.area=linux,cma}
 */
public record HeapSpec(String name, String type, int id, String cachingModel, Map<String, String> config) {

    public HeapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(cachingModel, "cachingModel");
        config = Map.copyOf(config);
    }

    /** A heap named after its type with no settings. */
    public static HeapSpec of(String name, String type, int id, String cachingModel) {
        return new HeapSpec(name, type, id, cachingModel, Map.of());
    }

    /** This spec with one more setting. */
    public HeapSpec with(String key, String value) {
        Map<String, String> all = new java.util.HashMap<>(config);
        all.put(key, value);
        return new HeapSpec(name, type, id, cachingModel, all);
    }
}
