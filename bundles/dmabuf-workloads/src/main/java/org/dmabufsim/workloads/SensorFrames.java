// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sensor's frames of one job, computed once and shared by its runs when all of them fit in
 * {@value #MAX_CACHED_BYTES} bytes (the default job's 8 frames of 1080p do), computed per call
 * otherwise. Callers must not modify the arrays. Thread-safe: a concurrent map.
 */
final class SensorFrames {
    static final long MAX_CACHED_BYTES = 64L << 20;

    private final int frameBytes;
    private final boolean cached;
    private final Map<Long, byte[]> frames = new ConcurrentHashMap<>();

    SensorFrames(JobArgs args) {
        this.frameBytes = args.frameBytes();
        this.cached = (long) args.frames() * frameBytes <= MAX_CACHED_BYTES;
    }

    /** Frame {@code frame} as the sensor produces it; read-only. */
    byte[] get(long frame) {
        if (!cached) {
            return Frames.sensor(frame, frameBytes);
        }
        return frames.computeIfAbsent(frame, f -> Frames.sensor(f, frameBytes));
    }
}
