// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.List;
import java.util.function.Consumer;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;

/**
 * A plain importer for the tests of {@link AbstractDriver}: a non-coherent dma-direct device with a
 * 64-bit mask that maps in the direction asked, writes sensor frames and reads frames back; no
 * {@code process}. Its mapping check is settable.
 */
final class TestDriver extends AbstractDriver {
    static final String MODEL = "test";

    private volatile Consumer<Import> check = imp -> { };

    TestDriver(DriverContext context, MappingPolicy policy) {
        super(context, MODEL, DeviceSpec.of(context.config().name(), MODEL).withMaxSegmentSize(DeviceSpecs.UINT_MAX),
                policy);
    }

    /** A factory of drivers with the given default policy. */
    static DeviceModelFactory factory(MappingPolicy policy) {
        return new DeviceModelFactory() {
            @Override
            public String model() {
                return MODEL;
            }

            @Override
            public DeviceDriver create(DriverContext context) {
                return new TestDriver(context, policy);
            }
        };
    }

    void setCheck(Consumer<Import> newCheck) {
        check = newCheck;
    }

    @Override
    protected DmaDirection mapDirection(DmaDirection requested) {
        DriverChecks.checkDirection(name(), requested, true, "test device");
        return requested;
    }

    @Override
    protected void checkMapped(Import imp) {
        check.accept(imp);
    }

    @Override
    public FrameResult produce(ImportedBuffer dst, long frameNo) {
        return frame(List.of(dst), imports -> new FrameResult(name(), frameNo,
                List.of(write(imports.get(0), frameNo, (offset, length) -> {
                    byte[] b = new byte[length];
                    FramePattern.sensor(frameNo, offset, b, length);
                    return b;
                })), new byte[0]));
    }

    @Override
    public FrameResult consume(ImportedBuffer src, long frameNo) {
        return frame(List.of(src), imports -> {
            FrameRead read = read(imports.get(0), frameNo);
            return new FrameResult(name(), frameNo, List.of(read.job()), read.data());
        });
    }
}
