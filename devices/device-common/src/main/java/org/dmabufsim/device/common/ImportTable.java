// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dmabuf.DmaBufAttachment;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * A driver's live imports, in import order, and whether the driver was closed.
 *
 * @ThreadSafe {@code lock} guards {@code imports} and {@code closed}; never held while calling out
 */
final class ImportTable {
    private final String device;
    private final Object lock = new Object(); // guards imports and closed
    private final Map<DmaBufAttachment, Import> imports = new LinkedHashMap<>();
    private boolean closed;

    ImportTable(String device) {
        this.device = device;
    }

    /** Adds an import; false if the driver was closed meanwhile. */
    boolean add(Import imp) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            imports.put(imp.buffer().attachment(), imp);
            return true;
        }
    }

    /**
     * The live import of {@code buffer}.
     *
     * @throws ErrnoException ENODEV after close; EINVAL if this driver has no such import
     */
    Import get(ImportedBuffer buffer) {
        synchronized (lock) {
            ensureOpenLocked();
            Import imp = imports.get(buffer.attachment());
            if (imp == null) {
                throw notImported(buffer);
            }
            return imp;
        }
    }

    /** Removes and returns the import of {@code buffer}; errors as {@link #get}. */
    Import remove(ImportedBuffer buffer) {
        synchronized (lock) {
            ensureOpenLocked();
            Import imp = imports.remove(buffer.attachment());
            if (imp == null) {
                throw notImported(buffer);
            }
            return imp;
        }
    }

    /** Marks the driver closed and returns every import, in import order; {@code null} if it was closed already. */
    List<Import> close() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            closed = true;
            List<Import> all = new ArrayList<>(imports.values());
            imports.clear();
            return all;
        }
    }

    /** @throws ErrnoException ENODEV after close */
    void ensureOpen() {
        synchronized (lock) {
            ensureOpenLocked();
        }
    }

    private void ensureOpenLocked() {
        if (closed) {
            throw closedError();
        }
    }

    /** ENODEV: the driver was unbound. */
    ErrnoException closedError() {
        return new ErrnoException(Errno.ENODEV, device + ": driver unbound");
    }

    /** EINVAL: not one of this driver's imports (never imported, released, or another device's). */
    ErrnoException notImported(ImportedBuffer buffer) {
        return new ErrnoException(Errno.EINVAL, device + ": dma-buf " + buffer.dmabuf().inode()
                + " is not imported by this device");
    }
}
