// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.cma;

import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * Heap type {@value #TYPE_NAME}: one heap per CMA area ({@code __add_cma_heap}). The spec's setting
 * {@value #AREA} names a {@link RegionKind#CMA} region declared in the memory map.
 */
public final class CmaHeapFactory implements HeapFactory {
    /** The heap type. */
    public static final String TYPE_NAME = "cma";
    /** Spec setting: the name of the CMA area, e.g. {@code linux,cma}. */
    public static final String AREA = "cma.area";

    @Override
    public String type() {
        return TYPE_NAME;
    }

    /** @throws ErrnoException ENODEV if {@value #AREA} is missing or names no CMA region */
    @Override
    public HeapPolicy create(HeapContext context) {
        String heap = context.spec().name();
        String area = context.spec().config().get(AREA);
        if (area == null) {
            throw new ErrnoException(Errno.ENODEV, heap + ": no " + AREA + " setting");
        }
        RegionKind kind = context.sim().memory().region(area).map(ReservedRegion::kind).orElse(null);
        if (kind != RegionKind.CMA) {
            throw new ErrnoException(Errno.ENODEV, heap + ": " + area + " is not a CMA area of the memory map"
                    + (kind == null ? "" : " (it is " + kind + ")"));
        }
        return new CmaHeapPolicy(area, context.sim());
    }
}
