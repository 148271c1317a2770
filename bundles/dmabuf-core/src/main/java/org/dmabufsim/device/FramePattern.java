// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device;

/**
 * The content devices produce, so that end-to-end checks know what every byte must be.
 */
public interface FramePattern {

    /** Byte {@code offset} of frame {@code frame} as a camera sensor produces it (never constant across frames). */
    static byte sensor(long frame, long offset) {
        long z = (frame + 1) * 0x9E3779B97F4A7C15L + offset * 0xBF58476D1CE4E5B9L;
        z ^= z >>> 29;
        return (byte) (z ^ (z >>> 17));
    }

    /** Fills {@code dst[0..length)} with the sensor bytes at {@code offset..offset+length)} of {@code frame}. */
    static void sensor(long frame, long offset, byte[] dst, int length) {
        for (int i = 0; i < length; i++) {
            dst[i] = sensor(frame, offset + i);
        }
    }

    /** What a GPU shader in the device models does to each byte. */
    static byte gpu(byte in) {
        return (byte) (in ^ 0x5A);
    }

    /** What the CPU post-processing step of the main job does to each byte. */
    static byte cpuPost(byte in) {
        return (byte) ~in;
    }
}
