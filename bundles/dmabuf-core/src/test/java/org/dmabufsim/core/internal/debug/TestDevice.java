// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaQueue;
import org.dmabufsim.dma.IommuDomainView;

/**
 * A device double that only has a spec: no IOMMU, no queue; all that dma-debug and the dma-buf core
 * look at; public for the dma-buf tests.
 */
public final class TestDevice implements DmaDevice {
    private final DeviceSpec spec;
    private volatile boolean closed;

    TestDevice(DeviceSpec spec) {
        this.spec = spec;
    }

    /** A device of the driver "test". */
    public TestDevice(String name) {
        this(DeviceSpec.of(name, "test"));
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
