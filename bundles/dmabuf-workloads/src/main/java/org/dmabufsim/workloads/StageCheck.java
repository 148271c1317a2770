// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The content oracle of one stage: counts the bytes a stage got wrong, frame after frame. Not
 * thread-safe: confined to its run.
 */
final class StageCheck {
    private static final int BLOCK = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final Stage stage;
    private long wrongBytes;
    private int wrongFrames;

    StageCheck(Stage stage) {
        this.stage = stage;
    }

    /** Compares all of {@code actual} with {@code expected}; returns this frame's wrong bytes. */
    long check(byte[] actual, byte[] expected) {
        return check(actual, actual.length, expected);
    }

    /**
     * Compares what a stage produced with what it should have. Only the first {@code produced}
     * bytes of {@code actual} were produced (a device job that failed part-way moved a prefix of the
     * frame); every byte after them counts as wrong.
     *
     * @return this frame's wrong bytes
     */
    long check(byte[] actual, int produced, byte[] expected) {
        long wrong = expected.length - (long) produced + mismatches(actual, expected, produced);
        wrongBytes += wrong;
        if (wrong > 0) {
            wrongFrames++;
        }
        return wrong;
    }

    /**
     * Bytes that differ in {@code [0, length)}: equal stretches are skipped with the vectorised
     * {@link Arrays#mismatch}, the block after a difference is counted 8 bytes at a time.
     */
    static long mismatches(byte[] a, byte[] b, int length) {
        long n = 0;
        int i = 0;
        while (i < length) {
            int m = Arrays.mismatch(a, i, length, b, i, length);
            if (m < 0) {
                break;
            }
            i += m;
            int end = Math.min(length, i + BLOCK);
            for (; i + Long.BYTES <= end; i += Long.BYTES) {
                n += differingBytes((long) LONGS.get(a, i) ^ (long) LONGS.get(b, i));
            }
            for (; i < end; i++) {
                if (a[i] != b[i]) {
                    n++;
                }
            }
        }
        return n;
    }

    /** How many of the 8 bytes of {@code x} are not 0. */
    private static int differingBytes(long x) {
        long y = x | (x >>> 4);
        y |= y >>> 2;
        y |= y >>> 1;
        return Long.bitCount(y & 0x0101_0101_0101_0101L);
    }

    /** What was counted so far. */
    StageTotal total() {
        return new StageTotal(stage, wrongBytes, wrongFrames);
    }

    /**
     * A stage's count over a run.
     *
     * @param stage the stage
     * @param wrongBytes wrong bytes over all frames
     * @param wrongFrames frames with at least one wrong byte
     */
    record StageTotal(Stage stage, long wrongBytes, int wrongFrames) {
    }
}
