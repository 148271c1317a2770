// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.cma;

import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link CmaHeapFactory} as a {@link HeapFactory} service of type {@code cma}. */
@Component(service = HeapFactory.class, property = HeapFactory.TYPE + "=" + CmaHeapFactory.TYPE_NAME)
public final class CmaHeapComponent implements HeapFactory {
    private final CmaHeapFactory factory;

    @Activate
    public CmaHeapComponent() {
        this.factory = new CmaHeapFactory();
    }

    @Override
    public String type() {
        return factory.type();
    }

    @Override
    public HeapPolicy create(HeapContext context) {
        return factory.create(context);
    }
}
