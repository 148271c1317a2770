// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

/** What a device writes at each place of a frame. */
@FunctionalInterface
public interface FrameSource {

    /** The {@code length} bytes of the frame from {@code frameOffset}, in a new array. */
    byte[] bytes(int frameOffset, int length);
}
