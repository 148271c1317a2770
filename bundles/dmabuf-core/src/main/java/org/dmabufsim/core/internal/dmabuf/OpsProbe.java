// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufOps;

/**
 * Whether an exporter provides an optional op. {@link DmaBufOps} models a missing op as the
 * interface's default method; the kernel tests the function pointer ({@code if (!dmabuf->ops->vmap)})
 * before doing anything else, so the core needs to tell "not provided" from "provided and failed".
 */
final class OpsProbe {
    private OpsProbe() {
    }

    /** {@code dmabuf->ops->vmap != NULL}. */
    static boolean hasVmap(DmaBufOps ops) {
        return overrides(ops, "vmap", DmaBuf.class);
    }

    /** {@code dmabuf->ops->mmap != NULL}. */
    static boolean hasMmap(DmaBufOps ops) {
        return overrides(ops, "mmap", DmaBuf.class, long.class, long.class);
    }

    private static boolean overrides(DmaBufOps ops, String name, Class<?>... params) {
        try {
            return ops.getClass().getMethod(name, params).getDeclaringClass() != DmaBufOps.class;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("DmaBufOps." + name + " is missing", e);
        }
    }
}
