// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.heap.system;

import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/** Registers the {@link SystemHeapFactory} as a {@link HeapFactory} service of type {@code system}. */
@Component(service = HeapFactory.class, property = HeapFactory.TYPE + "=" + SystemHeapFactory.TYPE_NAME)
public final class SystemHeapComponent implements HeapFactory {
    private final SystemHeapFactory factory;

    @Activate
    public SystemHeapComponent() {
        this.factory = new SystemHeapFactory();
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
