// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf;

import java.util.Objects;

/**
 * Who holds a reference to a dma-buf: a process (an fd or an mmap), a bundle, a device driver or the
 * kernel. A process exit or bundle stop puts exactly what that owner held.
 *
 * @param kind what kind of holder
 * @param id identifies the holder within its kind (pid, bundle symbolic name, device name, ...)
 */
public record Owner(Kind kind, String id) {

    /** Kinds of holder. */
    public enum Kind { PROCESS, BUNDLE, DEVICE, KERNEL }

    public Owner {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
    }

    public static Owner process(int pid) {
        return new Owner(Kind.PROCESS, Integer.toString(pid));
    }

    public static Owner bundle(String symbolicName) {
        return new Owner(Kind.BUNDLE, symbolicName);
    }

    public static Owner device(String deviceName) {
        return new Owner(Kind.DEVICE, deviceName);
    }

    public static Owner kernel(String who) {
        return new Owner(Kind.KERNEL, who);
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
    }
}
