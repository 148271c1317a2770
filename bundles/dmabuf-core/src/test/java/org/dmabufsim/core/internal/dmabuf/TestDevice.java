// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.dma.IommuDomainView;

/** A device double: a spec and a name, no IOMMU, no queue. */
final class TestDevice implements DmaDevice {
    private final DeviceSpec spec;
    private volatile boolean closed;

    TestDevice(String name) {
        this.spec = DeviceSpec.of(name, "test");
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public DmaQueue queue() {
        throw new IllegalStateException("test device " + spec.name() + " has no queue");
    }

    @Override
    public Optional<IommuDomainView> iommu() {
        return Optional.empty();
    }

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return spec.name();
    }
}
