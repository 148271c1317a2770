// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;

/**
 * {@code struct dma_buf_attachment}, plus what the simulation tracks to tear a device down: every
 * table the exporter mapped for it and has not been given back (with its direction).
 *
 * <p>All mutable state is guarded by the owning buffer's lock ({@code dmabuf->lock}); fields read
 * by the query methods are volatile so other threads see the last write.
 */
final class DmaBufAttachmentImpl implements DmaBufAttachment {

    /** One {@code map_dma_buf} result not yet passed to {@code unmap_dma_buf}. */
    record Mapping(SgTable table, DmaDirection direction) {
    }

    private final DmaBufImpl dmabuf;
    private final DmaDevice device;
    private final List<Mapping> outstanding = new ArrayList<>(); // guarded by dmabuf->lock
    private volatile boolean attached;
    private volatile boolean deviceGone;
    private volatile SgTable sgt;
    private volatile DmaDirection dir;

    DmaBufAttachmentImpl(DmaBufImpl dmabuf, DmaDevice device) {
        this.dmabuf = dmabuf;
        this.device = device;
    }

    @Override
    public DmaBuf dmabuf() {
        return dmabuf;
    }

    DmaBufImpl owner() {
        return dmabuf;
    }

    @Override
    public DmaDevice device() {
        return device;
    }

    @Override
    public boolean isAttached() {
        return attached;
    }

    /** Whether the core tore this attachment down because its device went away. */
    boolean isDeviceGone() {
        return deviceGone;
    }

    @Override
    public Optional<SgTable> cachedSgt() {
        return Optional.ofNullable(sgt);
    }

    @Override
    public Optional<DmaDirection> cachedDirection() {
        return Optional.ofNullable(dir);
    }

    SgTable sgt() {
        return sgt;
    }

    DmaDirection dir() {
        return dir;
    }

    void setAttached(boolean value) {
        attached = value;
    }

    void markDeviceGone() {
        deviceGone = true;
    }

    /** {@code attach->sgt = sgt; attach->dir = dir} ({@code null}s clear it). */
    void cache(SgTable table, DmaDirection direction) {
        sgt = table;
        dir = direction;
    }

    void addOutstanding(SgTable table, DmaDirection direction) {
        outstanding.add(new Mapping(table, direction));
    }

    /** Removes the newest outstanding mapping of {@code table}; empty if the table is not outstanding. */
    Optional<Mapping> removeOutstanding(SgTable table) {
        for (int i = outstanding.size() - 1; i >= 0; i--) {
            if (outstanding.get(i).table() == table) {
                return Optional.of(outstanding.remove(i));
            }
        }
        return Optional.empty();
    }

    /** Removes and returns every outstanding mapping, newest first. */
    List<Mapping> drainOutstanding() {
        List<Mapping> out = new ArrayList<>(outstanding);
        outstanding.clear();
        Collections.reverse(out);
        return out;
    }

    /** Outstanding mappings, oldest first (not counting the cached table). */
    List<Mapping> outstanding() {
        return List.copyOf(outstanding);
    }

    @Override
    public String toString() {
        return "attachment{" + device.name() + " -> dma-buf " + dmabuf.inode() + "}";
    }
}
