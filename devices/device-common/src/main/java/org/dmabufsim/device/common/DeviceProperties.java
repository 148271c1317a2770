// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.Locale;
import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * Typed reads of a {@link DeviceConfig}'s properties. A malformed or out-of-range value is an
 * EINVAL naming the device, the key and what is accepted; an unset key gives the default.
 * Immutable.
 */
public final class DeviceProperties {
    /** {@code DMA_BIT_MASK(n)} of the device, 1..64. */
    public static final String DMA_MASK_BITS = "dma.mask.bits";
    /** {@code true} for an IO-coherent device ({@code dma-coherent} in the device tree). */
    public static final String COHERENT = "coherent";
    /** The IOMMU in front of the device: {@code strict}, {@code lazy}, {@code identity} or {@code none}. */
    public static final String IOMMU = "iommu";
    /** {@code dma_set_max_seg_size()}, bytes (decimal or {@code 0x} hex). */
    public static final String MAX_SEGMENT_SIZE = "max.segment.size";
    /** Frame width in pixels. */
    public static final String FRAME_WIDTH = "frame.width";
    /** Frame height in lines. */
    public static final String FRAME_HEIGHT = "frame.height";
    /** Bytes per pixel. */
    public static final String FRAME_BPP = "frame.bpp";
    /** How long the driver keeps buffers mapped: {@code per-frame}, {@code at-import} or {@code cached-sgt}. */
    public static final String MAPPING_POLICY = "mapping.policy";

    private final DeviceConfig config;

    public DeviceProperties(DeviceConfig config) {
        this.config = config;
    }

    /** The configuration read. */
    public DeviceConfig config() {
        return config;
    }

    /** Whether {@code key} is set. */
    public boolean isSet(String key) {
        return config.properties().containsKey(key);
    }

    /**
     * An integer in {@code [min, max]}, decimal or {@code 0x} hex.
     *
     * @throws ErrnoException EINVAL if it is not a number or out of range
     */
    public long number(String key, long def, long min, long max) {
        String raw = config.properties().get(key);
        if (raw == null) {
            return def;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        long n;
        try {
            n = v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw invalid(key, raw, "a number");
        }
        if (n < min || n > max) {
            throw invalid(key, raw, min + ".." + max);
        }
        return n;
    }

    /**
     * {@code true} or {@code false}.
     *
     * @throws ErrnoException EINVAL for anything else
     */
    public boolean bool(String key, boolean def) {
        String raw = config.properties().get(key);
        if (raw == null) {
            return def;
        }
        String v = raw.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        throw invalid(key, raw, "true or false");
    }

    /**
     * One of {@code choices}' keys (case-insensitive).
     *
     * @param choices accepted values in the order the error message lists them
     * @throws ErrnoException EINVAL for anything else
     */
    public <T> T choice(String key, T def, Map<String, T> choices) {
        String raw = config.properties().get(key);
        if (raw == null) {
            return def;
        }
        T value = choices.get(raw.trim().toLowerCase(Locale.ROOT));
        if (value == null) {
            throw invalid(key, raw, String.join(", ", choices.keySet()));
        }
        return value;
    }

    private ErrnoException invalid(String key, String raw, String accepted) {
        return new ErrnoException(Errno.EINVAL, config.name() + ": " + key + "=" + raw + " (expected " + accepted + ")");
    }
}
