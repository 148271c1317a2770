// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufsim.core.internal.dma.SgTableImpl;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDebugReport;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.sim.KernelLog;

/** A dma-debug instance with two devices, and helpers to build mapped sg tables. */
class DebugFixture {
    static final String CAM = "DMA-API: camera 1a000000.camera: ";
    static final String DISP = "DMA-API: display 1b000000.display: ";

    final AtomicLong clock = new AtomicLong();
    final KernelLogImpl log = new KernelLogImpl("test", clock::get);
    final DmaDebugImpl debug = new DmaDebugImpl(log, clock::get);
    final TestDevice cam = TestDevice.of("1a000000.camera", "camera");
    final TestDevice disp = TestDevice.of("1b000000.display", "display");

    /** {@code dma_map_page} of {@code size} bytes at {@code phys} for the camera, then {@code dma_mapping_error}. */
    void mapChecked(long phys, long size, DmaDirection dir, long dma) {
        debug.mapPage(cam, phys, size, dir, dma, DmaAttrs.NONE);
        debug.mappingError(cam, dma);
    }

    /** The messages of all reports, oldest first. */
    List<String> messages() {
        return debug.reports().stream().map(DmaDebugReport::message).toList();
    }

    /** The WARN lines of the kernel log. */
    List<String> warnings() {
        return log.records().stream().filter(r -> r.level() == KernelLog.Level.WARN).map(KernelLog.Record::message)
                .toList();
    }

    /**
     * An sg table whose entry i is CPU (pfn, 0, length) and DMA (dma address, dma length), given as
     * groups of four longs: pfn, length, dmaAddress, dmaLength.
     */
    static SgTable sg(long... quads) {
        List<SgSegment> segments = new ArrayList<>();
        for (int i = 0; i < quads.length; i += 4) {
            segments.add(new SgSegment(quads[i], 0, quads[i + 1]));
        }
        SgTableImpl table = SgTableImpl.of(segments);
        for (int i = 0; i < quads.length; i += 4) {
            table.get(i / 4).setDma(quads[i + 2], quads[i + 3]);
        }
        return table;
    }
}
