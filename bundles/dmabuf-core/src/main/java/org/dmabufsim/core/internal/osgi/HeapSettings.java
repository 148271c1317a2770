// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.Map;
import java.util.Set;
import org.dmabufsim.dmabuf.HeapSpec;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * A factory configuration {@value HeapInstanceComponent#PID} as a {@link HeapSpec}. {@code name} and
 * {@code id} are required; {@code type} defaults to the bound factory's type; {@code caching.model}
 * to {@value #DEFAULT_CACHING_MODEL}; every other user property (e.g. {@code cma.area}) becomes a
 * setting of the spec.
 */
final class HeapSettings {
    /** The caching model of a heap whose configuration names none. */
    static final String DEFAULT_CACHING_MODEL = CachingModel.DMA_HEAP;
    static final String NAME = "name";
    static final String TYPE = "type";
    static final String ID = "id";
    static final String CACHING_MODEL = "caching.model";
    /** Keys the spec holds in its own fields, not in its settings. */
    private static final Set<String> CONSUMED = Set.of(NAME, TYPE, ID, CACHING_MODEL);

    private HeapSettings() {
    }

    /**
     * The heap to add.
     *
     * @param config the typed view of {@code properties}
     * @param properties the component properties (the configuration plus what DS adds)
     * @param factoryType the type of the bound heap factory
     * @throws ErrnoException EINVAL if {@code name} or {@code id} is missing
     */
    static HeapSpec toHeapSpec(HeapInstanceComponent.Config config, Map<String, ?> properties, String factoryType) {
        if (!ConfigProperties.isSet(properties, NAME)) {
            throw missing(NAME, properties, "the dma-heap node name, e.g. system");
        }
        String name = config.name().trim();
        if (!ConfigProperties.isSet(properties, ID)) {
            throw missing(ID, properties, "heap " + name + ": the ION heap id, 0..31");
        }
        String type = ConfigProperties.isSet(properties, TYPE) ? config.type().trim() : factoryType;
        String model = ConfigProperties.isSet(properties, CACHING_MODEL) ? config.caching_model().trim()
                : DEFAULT_CACHING_MODEL;
        return new HeapSpec(name, type, config.id(), model, ConfigProperties.passThrough(properties, CONSUMED));
    }

    private static ErrnoException missing(String key, Map<String, ?> properties, String what) {
        return new ErrnoException(Errno.EINVAL, HeapInstanceComponent.PID + " " + properties.get("service.pid")
                + ": no " + key + " (" + what + ")");
    }
}
