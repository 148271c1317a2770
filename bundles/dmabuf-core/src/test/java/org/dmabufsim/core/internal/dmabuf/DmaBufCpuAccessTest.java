// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ResvUsage;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaBufCpuAccessTest {
    private final Fixture f = new Fixture();
    private final RecordingOps ops = new RecordingOps();
    private final DmaBufImpl buf = f.export(ops, 4 * 4096);
    private final TestFence writer = new TestFence("camera", "cam0", 1, 10);
    private final TestFence reader = new TestFence("gpu", "gfx", 2, 20);

    private void addFences() {
        buf.resv().addFence(writer, ResvUsage.WRITE);
        buf.resv().addFence(reader, ResvUsage.READ);
    }

    @Test
    @DisplayName("rule 19: read access (FROM_DEVICE) waits only for the writer")
    void rule19_readAccessWaitsForWritersOnly() {
        addFences();
        buf.beginCpuAccess(DmaDirection.FROM_DEVICE);
        assertEquals(1, writer.awaits());
        assertEquals(0, reader.awaits());
        assertEquals(List.of(reader), buf.resv().fences(ResvUsage.READ));
        assertEquals(List.of("begin DMA_FROM_DEVICE"), ops.calls);
    }

    @Test
    @DisplayName("rule 19: write access (TO_DEVICE) waits for every fence")
    void rule19_writeAccessWaitsForAll() {
        addFences();
        buf.beginCpuAccess(DmaDirection.TO_DEVICE);
        assertEquals(1, writer.awaits());
        assertEquals(1, reader.awaits());
        assertTrue(buf.resv().testSignaled(ResvUsage.BOOKKEEP));
    }

    @Test
    @DisplayName("rule 19: BIDIRECTIONAL is write access")
    void rule19_bidirectionalWaitsForAll() {
        addFences();
        buf.beginCpuAccessPartial(DmaDirection.BIDIRECTIONAL, 4096, 4096);
        assertEquals(1, reader.awaits());
    }

    @Test
    @DisplayName("rule 19: no wait when the exporter's begin_cpu_access fails")
    void rule19_opsErrorSkipsTheWait() {
        addFences();
        ops.beginError = new ErrnoException(Errno.EINTR, "interrupted");
        ErrnoException e = assertThrows(ErrnoException.class, () -> buf.beginCpuAccess(DmaDirection.TO_DEVICE));
        assertEquals(Errno.EINTR, e.errno());
        assertEquals(0, writer.awaits());
        assertEquals(0, reader.awaits());
    }

    @Test
    @DisplayName("rule 20: end_cpu_access calls the exporter, waits for nothing and checks no pairing")
    void rule20_endDoesNotWait() {
        addFences();
        buf.endCpuAccess(DmaDirection.FROM_DEVICE);
        buf.endCpuAccess(DmaDirection.FROM_DEVICE);
        buf.endCpuAccessPartial(DmaDirection.TO_DEVICE, 0, 4096);
        assertEquals(0, writer.awaits());
        assertEquals(List.of("end DMA_FROM_DEVICE", "end DMA_FROM_DEVICE", "end DMA_TO_DEVICE"), ops.calls);
    }

    @Test
    void dmaNoneIsEinvalForCpuAccess() {
        for (Runnable call : List.<Runnable>of(() -> buf.beginCpuAccess(DmaDirection.NONE),
                () -> buf.endCpuAccess(DmaDirection.NONE), () -> buf.beginCpuAccessPartial(DmaDirection.NONE, 0, 1),
                () -> buf.endCpuAccessPartial(null, 0, 1))) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, call::run).errno());
        }
        assertEquals(List.of(), ops.calls);
    }

    @Test
    void partialRangeOutsideTheBufferIsEinval() {
        long size = buf.size();
        List<long[]> bad = List.of(new long[] {-1, 1}, new long[] {0, -1}, new long[] {size, 1},
                new long[] {size - 4096, 8192}, new long[] {1, Long.MAX_VALUE}, new long[] {size + 1, 0});
        for (long[] r : bad) {
            ErrnoException e = assertThrows(ErrnoException.class,
                    () -> buf.beginCpuAccessPartial(DmaDirection.TO_DEVICE, r[0], r[1]));
            assertEquals(Errno.EINVAL, e.errno());
        }
        buf.beginCpuAccessPartial(DmaDirection.TO_DEVICE, size - 4096, 4096);
        buf.endCpuAccessPartial(DmaDirection.TO_DEVICE, 0, size);
        assertEquals(List.of("begin DMA_TO_DEVICE", "end DMA_TO_DEVICE"), ops.calls);
    }

    @Test
    void partialOpsReachTheExporterWithTheRange() {
        List<String> seen = new ArrayList<>();
        RecordingOps partial = new RecordingOps() {
            @Override
            public void beginCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
                seen.add("begin " + offset + "+" + length);
            }

            @Override
            public void endCpuAccessPartial(DmaBuf dmabuf, DmaDirection direction, long offset, long length) {
                seen.add("end " + offset + "+" + length);
            }
        };
        DmaBufImpl b = f.export(partial, 8192);
        b.beginCpuAccessPartial(DmaDirection.FROM_DEVICE, 100, 200);
        b.endCpuAccessPartial(DmaDirection.FROM_DEVICE, 100, 200);
        assertEquals(List.of("begin 100+200", "end 100+200"), seen);
    }
}
