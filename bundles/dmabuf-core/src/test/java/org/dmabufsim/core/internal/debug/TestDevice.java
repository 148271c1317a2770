// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.dma.IommuDomainView;

/** A device that only has a spec: all dma-debug looks at. */
final class TestDevice implements DmaDevice {
    private final DeviceSpec spec;
    private boolean closed;

    TestDevice(DeviceSpec spec) {
        this.spec = spec;
    }

    static TestDevice of(String name, String driver) {
        return new TestDevice(DeviceSpec.of(name, driver));
    }

    @Override
    public DeviceSpec spec() {
        return spec;
    }

    @Override
    public DmaQueue queue() {
        throw new IllegalStateException("dma-debug tests run no device jobs");
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
}
