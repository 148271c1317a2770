// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * The frame a device moves: {@value DeviceProperties#FRAME_WIDTH} x
 * {@value DeviceProperties#FRAME_HEIGHT} pixels of {@value DeviceProperties#FRAME_BPP} bytes,
 * 1920x1080x4 by default (an ARGB8888 1080p frame, 8 294 400 bytes).
 *
 * @param width pixels per line
 * @param height lines
 * @param bytesPerPixel bytes per pixel
 */
public record FrameFormat(int width, int height, int bytesPerPixel) {
    public static final int DEFAULT_WIDTH = 1920;
    public static final int DEFAULT_HEIGHT = 1080;
    public static final int DEFAULT_BPP = 4;

    public FrameFormat {
        if (width < 1 || height < 1 || bytesPerPixel < 1 || (long) width * height * bytesPerPixel > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("bad frame " + width + "x" + height + "x" + bytesPerPixel);
        }
    }

    /**
     * The frame a configuration asks for.
     *
     * @throws ErrnoException EINVAL for a bad value or a frame of 2 GiB or more
     */
    public static FrameFormat of(DeviceProperties props) {
        long w = props.number(DeviceProperties.FRAME_WIDTH, DEFAULT_WIDTH, 1, 1 << 16);
        long h = props.number(DeviceProperties.FRAME_HEIGHT, DEFAULT_HEIGHT, 1, 1 << 16);
        long bpp = props.number(DeviceProperties.FRAME_BPP, DEFAULT_BPP, 1, 16);
        if (w * h * bpp > Integer.MAX_VALUE) {
            throw new ErrnoException(Errno.EINVAL,
                    props.config().name() + ": frame " + w + "x" + h + "x" + bpp + " is 2 GiB or more");
        }
        return new FrameFormat((int) w, (int) h, (int) bpp);
    }

    /** Bytes of one frame. */
    public int bytes() {
        return width * height * bytesPerPixel;
    }

    @Override
    public String toString() {
        return width + "x" + height + "x" + bytesPerPixel;
    }
}
