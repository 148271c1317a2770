// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import org.dmabufsim.device.FramePattern;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.StepResult;

/** What every byte of a frame must be after each stage ({@link FramePattern}), as whole frames. Stateless. */
final class Frames {

    private Frames() {
    }

    /** Frame {@code frame} as the sensor produces it. */
    static byte[] sensor(long frame, int length) {
        byte[] b = new byte[length];
        FramePattern.sensor(frame, 0, b, length);
        return b;
    }

    /** The CPU post-processing of every byte, in a new array. */
    static byte[] cpuPost(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = FramePattern.cpuPost(in[i]);
        }
        return out;
    }

    /** The GPU shader on every byte, in a new array. */
    static byte[] gpu(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = FramePattern.gpu(in[i]);
        }
        return out;
    }

    /**
     * Bytes a read job moved: a device programmed from consecutive segments reads a prefix of the
     * frame, and the first failing burst ends the job.
     */
    static int transferred(DmaJobResult job) {
        long n = 0;
        for (StepResult step : job.steps()) {
            n += step.bytesDone();
        }
        return (int) n;
    }
}
