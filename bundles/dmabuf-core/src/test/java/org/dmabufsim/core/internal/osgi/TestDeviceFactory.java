// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.osgi;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/** A device model for component tests: its drivers bind no device and record the configs they got. */
final class TestDeviceFactory implements DeviceModelFactory {
    final List<DeviceConfig> configs = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    private final String model;

    TestDeviceFactory(String model) {
        this.model = model;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public DeviceDriver create(DriverContext context) {
        configs.add(context.config());
        return new Driver(context.config());
    }

    private final class Driver implements DeviceDriver {
        private final DeviceConfig config;

        Driver(DeviceConfig config) {
            this.config = config;
        }

        @Override
        public String name() {
            return config.name();
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public DmaDevice device() {
            throw notty();
        }

        @Override
        public MappingPolicy mappingPolicy() {
            return MappingPolicy.AT_IMPORT;
        }

        @Override
        public ImportedBuffer importBuffer(DmaBuf dmabuf, DmaDirection direction) {
            throw notty();
        }

        @Override
        public FrameResult produce(ImportedBuffer dst, long frame) {
            throw notty();
        }

        @Override
        public FrameResult consume(ImportedBuffer src, long frame) {
            throw notty();
        }

        @Override
        public FrameResult process(ImportedBuffer src, ImportedBuffer dst, long frame) {
            throw notty();
        }

        @Override
        public void release(ImportedBuffer buffer) {
            throw notty();
        }

        @Override
        public void close() {
            closed.add(config.name());
        }

        private ErrnoException notty() {
            return new ErrnoException(Errno.ENOTTY, config.name() + ": not a device of this test");
        }
    }
}
