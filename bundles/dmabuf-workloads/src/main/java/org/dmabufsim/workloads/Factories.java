// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.dmabuf.spi.HeapFactory;

/**
 * The heap types and device models the job can instantiate, by type and by model name. Immutable.
 *
 * @param heaps heap factories by {@link HeapFactory#type()}
 * @param devices device model factories by {@link DeviceModelFactory#model()}
 */
record Factories(Map<String, HeapFactory> heaps, Map<String, DeviceModelFactory> devices) {
    /** Heap types every run needs. */
    static final List<String> HEAP_TYPES = List.of("system", "cma");
    /** Device models every run needs. */
    static final List<String> DEVICE_MODELS = List.of("camera", "display", "gpu");

    Factories {
        heaps = Map.copyOf(heaps);
        devices = Map.copyOf(devices);
    }

    /** Indexes the factories; the first of a type or model wins (callers pass them in a stable order). */
    static Factories of(List<? extends HeapFactory> heapFactories, List<? extends DeviceModelFactory> models) {
        Map<String, HeapFactory> heaps = new TreeMap<>();
        heapFactories.forEach(f -> heaps.putIfAbsent(f.type(), f));
        Map<String, DeviceModelFactory> devices = new TreeMap<>();
        models.forEach(f -> devices.putIfAbsent(f.model(), f));
        return new Factories(heaps, devices);
    }

    /** The factory of a heap type; fails naming the bundle that provides it. */
    HeapFactory heap(String type) {
        HeapFactory f = heaps.get(type);
        if (f == null) {
            throw new IllegalStateException("no heap factory of type " + type + ": is the heap-" + type
                    + " bundle installed and active?");
        }
        return f;
    }

    /** The factory of a device model; fails naming the bundle that provides it. */
    DeviceModelFactory device(String model) {
        DeviceModelFactory f = devices.get(model);
        if (f == null) {
            throw new IllegalStateException("no device model " + model + ": is the device-" + model
                    + " bundle installed and active?");
        }
        return f;
    }

    /** What a run needs and is not here, e.g. {@code [heap type cma, device model gpu]}; empty when complete. */
    List<String> missing() {
        List<String> out = new ArrayList<>();
        HEAP_TYPES.stream().filter(t -> !heaps.containsKey(t)).forEach(t -> out.add("heap type " + t));
        DEVICE_MODELS.stream().filter(m -> !devices.containsKey(m)).forEach(m -> out.add("device model " + m));
        return out;
    }

    /** One line for {@code --help}: what is bound. */
    String describe() {
        return "heap types: " + String.join(", ", new TreeMap<>(heaps).keySet()) + "; device models: "
                + String.join(", ", new TreeMap<>(devices).keySet());
    }
}
