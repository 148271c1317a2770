// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
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

/** Small device models for registry and component tests (public for the OSGi component tests). */
public final class TestDrivers {
    private TestDrivers() {
    }

    /**
     * A model whose drivers are made by {@code create}; records the config of every driver it
     * creates and, for its default drivers, every close, in order.
     */
    public static final class Factory implements DeviceModelFactory {
        private final List<DeviceConfig> configs = new CopyOnWriteArrayList<>();
        private final List<String> closed = new CopyOnWriteArrayList<>();
        private final String model;
        private final Function<DriverContext, DeviceDriver> create;

        Factory(String model, Function<DriverContext, DeviceDriver> create) {
            this.model = model;
            this.create = create;
        }

        /** Drivers that bind nothing and close quietly. */
        public Factory(String model) {
            this(model, null);
        }

        /** The configs of the drivers created, in order. */
        public List<DeviceConfig> configs() {
            return configs;
        }

        /** Names of the default drivers closed, in order. */
        public List<String> closed() {
            return closed;
        }

        @Override
        public String model() {
            return model;
        }

        @Override
        public DeviceDriver create(DriverContext context) {
            configs.add(context.config());
            return create != null ? create.apply(context) : new Driver(context, null, d -> closed.add(d.name()));
        }
    }

    /**
     * A driver: {@code device} is what it bound (or null), {@code onClose} what its close does. Data
     * operations are ENOTTY (registry and component tests never use them) unless a subclass
     * implements them.
     */
    static class Driver implements DeviceDriver {
        final DriverContext context;
        final DmaDevice device;
        private final Consumer<Driver> onClose;

        Driver(DriverContext context, DmaDevice device, Consumer<Driver> onClose) {
            this.context = context;
            this.device = device;
            this.onClose = onClose;
        }

        @Override
        public String name() {
            return context.config().name();
        }

        @Override
        public String model() {
            return context.config().model();
        }

        @Override
        public DmaDevice device() {
            return device;
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
            onClose.accept(this);
        }

        private ErrnoException notty() {
            return new ErrnoException(Errno.ENOTTY, name() + ": not a device of this test");
        }
    }
}
