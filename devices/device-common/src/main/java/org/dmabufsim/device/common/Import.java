// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.SgTable;

/**
 * A driver's state for one imported buffer: the table it holds while the buffer is mapped, how many
 * of its DMA segments it maps, and the descriptors it programs the device from, copied from the
 * table when it mapped (as {@code vb2_dc_map_dmabuf} copies {@code sg_dma_address} at map and DRM's
 * PRIME import at import): a later change of the table does not reach the device.
 *
 * @ThreadSafe {@code lock} (one per import, as a driver's per-buffer mutex) guards {@code table},
 *     {@code segments}, {@code program} and {@code released}; frames and release of the same buffer
 *     take it, frames on several buffers take them in {@link #id()} order
 */
public final class Import {
    private final long id;
    private final ImportedBuffer buffer;
    private final ReentrantLock lock = new ReentrantLock();
    private SgTable table;
    private int segments;
    private List<DmaSegment> program = List.of();
    private boolean released;

    Import(long id, ImportedBuffer buffer) {
        this.id = id;
        this.buffer = buffer;
    }

    /** Import sequence number within the driver: the lock order. */
    public long id() {
        return id;
    }

    /** What the driver handed out. */
    public ImportedBuffer buffer() {
        return buffer;
    }

    /** The table the driver holds while mapped: what {@code dma_buf_map_attachment} returned. */
    public Optional<SgTable> table() {
        lock.lock();
        try {
            return Optional.ofNullable(table);
        } finally {
            lock.unlock();
        }
    }

    /** The DMA segments the driver programs: {@code sgt->nents}, or what its own {@code dma_map_sg} returned. */
    public int segments() {
        lock.lock();
        try {
            return segments;
        } finally {
            lock.unlock();
        }
    }

    void lock() {
        lock.lock();
    }

    void unlock() {
        lock.unlock();
    }

    /** lock held. */
    boolean isMapped() {
        return table != null;
    }

    /** lock held. */
    SgTable mappedTable() {
        return table;
    }

    /** lock held. */
    void mapped(SgTable sgt, int count) {
        table = sgt;
        segments = count;
    }

    /** lock held: the descriptors written when the buffer was mapped (an immutable list). */
    void programmed(List<DmaSegment> descriptors) {
        program = descriptors;
    }

    /** lock held: the descriptors the device runs from; empty while unmapped. */
    List<DmaSegment> program() {
        return program;
    }

    /** lock held. */
    void unmapped() {
        table = null;
        segments = 0;
        program = List.of();
    }

    /** lock held. */
    boolean isReleased() {
        return released;
    }

    /** lock held. */
    void released() {
        released = true;
    }
}
