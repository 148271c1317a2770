// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/** The caching models of one simulation, by name. Buffers keep the model they were exported with. */
final class CachingModelRegistry {
    private final Object lock = new Object(); // guards models
    private final Map<String, CachingModel> models = new TreeMap<>();

    void register(CachingModel model) {
        Objects.requireNonNull(model, "model");
        String name = model.name();
        if (name == null || name.isEmpty()) {
            throw new ErrnoException(Errno.EINVAL, "caching model without a name: " + model);
        }
        synchronized (lock) {
            if (models.containsKey(name)) {
                throw new ErrnoException(Errno.EEXIST, "caching model " + name + " is already registered");
            }
            models.put(name, model);
        }
    }

    void unregister(String name) {
        synchronized (lock) {
            models.remove(name);
        }
    }

    /** Registered names, sorted. */
    List<String> names() {
        synchronized (lock) {
            return List.copyOf(models.keySet());
        }
    }

    Optional<CachingModel> lookup(String name) {
        if (name == null) {
            return Optional.empty();
        }
        synchronized (lock) {
            return Optional.ofNullable(models.get(name));
        }
    }
}
