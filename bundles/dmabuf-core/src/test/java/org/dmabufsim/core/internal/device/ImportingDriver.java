// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.DmaBufAttachment;

/**
 * A driver that binds a dma-direct device named after its instance and maps buffers at import, as
 * an importer does (attach, map_attachment). A well-behaved one releases its imports and closes its
 * device in {@code close()}; a leaky one ({@code leak}) leaves everything to the core. {@link #consume}
 * reads a whole import with one DMA job per segment.
 */
final class ImportingDriver extends TestDrivers.Driver {
    private final boolean leak;
    private final Object lock = new Object(); // guards imports
    private final Map<DmaBufAttachment, Imported> imports = new LinkedHashMap<>();

    private record Imported(ImportedBuffer buffer, SgTable table) {
    }

    ImportingDriver(DriverContext context, boolean leak) {
        super(context, context.openDevice(DeviceSpec.of(context.config().name(), context.config().model())),
                driver -> { });
        this.leak = leak;
    }

    /** A model whose drivers are well-behaved, or all leaky. */
    static DeviceModelFactory factory(String model, boolean leak) {
        return new DeviceModelFactory() {
            @Override
            public String model() {
                return model;
            }

            @Override
            public DeviceDriver create(DriverContext context) {
                return new ImportingDriver(context, leak);
            }
        };
    }

    @Override
    public ImportedBuffer importBuffer(DmaBuf dmabuf, DmaDirection direction) {
        DmaBufAttachment attachment = dmabuf.attach(device);
        SgTable table = dmabuf.mapAttachment(attachment, direction);
        ImportedBuffer buffer = new ImportedBuffer(name(), dmabuf, attachment, direction);
        synchronized (lock) {
            imports.put(attachment, new Imported(buffer, table));
        }
        return buffer;
    }

    @Override
    public FrameResult consume(ImportedBuffer src, long frame) {
        SgTable table;
        synchronized (lock) {
            table = imports.get(src.attachment()).table();
        }
        List<DmaJobResult> jobs = new ArrayList<>();
        byte[] data = new byte[(int) src.dmabuf().size()];
        int offset = 0;
        for (int i = 0; i < table.nents(); i++) {
            DmaJobResult job = device.queue().run(DmaJob.of("scanout", new DmaStep.Read(table.get(i).dmaAddress(),
                    table.get(i).dmaLength())));
            jobs.add(job);
            byte[] segment = job.step(0).data();
            System.arraycopy(segment, 0, data, offset, segment.length);
            offset += segment.length;
        }
        return new FrameResult(name(), frame, jobs, data);
    }

    @Override
    public void release(ImportedBuffer buffer) {
        Imported imported;
        synchronized (lock) {
            imported = imports.remove(buffer.attachment());
        }
        buffer.dmabuf().unmapAttachment(buffer.attachment(), imported.table(), buffer.direction());
        buffer.dmabuf().detach(buffer.attachment());
    }

    @Override
    public void close() {
        if (leak) {
            return;
        }
        List<Imported> all;
        synchronized (lock) {
            all = List.copyOf(imports.values());
        }
        all.forEach(imported -> release(imported.buffer()));
        device.close();
    }
}
