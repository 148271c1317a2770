// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;

/**
 * A pipeline of devices and CPU steps over two frame buffers, A (the camera's) and B (the display's),
 * run in a {@link Rig} and checked stage by stage into {@link Findings}. One instance per run; not
 * thread-safe.
 */
interface Pipeline {

    /** What its oracle found so far. */
    Findings findings();

    /** Allocates A from {@value Rig#SYSTEM} and B from {@value Rig#RESERVED}: the allocation phase. */
    void allocate();

    /**
     * The oracle learns where A and B are in physical memory (outside every measured phase); returns
     * the layouts: the physical addresses a device may wrongly be given.
     */
    List<BufferLayout> probeLayouts();

    /** The drivers import the buffers (mapping those they map at import). */
    void importBuffers();

    /** Frame {@code frame} through every stage, each checked. */
    void frame(long frame);

    /** The drivers release what they imported (after the frames, or after a refusal ended them). */
    void release();
}
