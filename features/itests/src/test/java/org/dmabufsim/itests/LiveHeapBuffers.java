// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;

/**
 * Two live buffers of the {@code system} heap of the default simulation, made while the heap is in
 * service, that must outlive it (rule H1 of the reliability notes: existing buffers stay fully
 * usable until their last reference): {@code rendered}, a frame the GPU rendered and still maps,
 * and {@code written}, {@code mmap}ed by a process that wrote a pattern through it. A third buffer
 * is released before, so that the heap holds pooled or deferred pages when it goes.
 *
 * <p>{@link #create} records the page accounting before the buffers existed: buddy pages in use
 * (less what the heap kept), swiotlb pages in use, dma-debug errors. After the heap is gone,
 * {@link #assertHeapGone}, {@link #finishLifecycle} and {@link #assertBalanced} check that nothing
 * of it is needed any more: the buffers are mapped by the display (bounced through swiotlb) and the
 * GPU, synced, read by the CPU and released, and every page is back in the buddy allocator.
 *
 * @NotThreadSafe one test thread drives it
 */
final class LiveHeapBuffers {
    /** 64 KiB: one order-4 chunk of the system heap, which the 32-bit display can bounce in one piece. */
    static final int LEN = 64 * 1024;
    /** Square frames of 128 pixels of 4 bytes: {@link #LEN}. */
    static final int EDGE = 128;
    static final String HEAP = "system";

    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");
    private static final long FRAME = 5;

    private final Simulation sim;
    private final long buddyBefore;
    private final long swiotlbBefore;
    private final long errorsBefore;
    private final DmaBuf rendered;
    private final DmaBuf written;
    private final CpuMapping writtenMap;
    private final byte[] pattern = HotplugSupport.pattern(LEN, 3);
    private ImportedBuffer gpuImport;

    private LiveHeapBuffers(Simulation sim) {
        this.sim = sim;
        this.buddyBefore = HotplugSupport.buddyUsedPages(sim) - HotplugSupport.heapKeptPages(sim, HEAP);
        this.swiotlbBefore = HotplugSupport.swiotlbUsedPages(sim);
        this.errorsBefore = sim.dmaDebug().errorCount();
        this.rendered = allocate(sim);
        this.written = allocate(sim);
        this.writtenMap = written.mmap(OWNER, 0, LEN / MemoryMap.PAGE_SIZE);
    }

    /** Makes the buffers in {@code sim}, whose heap {@value #HEAP} and drivers gpu0 and display0 are live. */
    static LiveHeapBuffers create(Simulation sim) {
        LiveHeapBuffers live = new LiveHeapBuffers(sim);
        allocate(sim).put(OWNER);
        assertTrue("the heap keeps the released buffer's pages", HotplugSupport.heapKeptPages(sim, HEAP) > 0);
        live.render();
        live.write();
        return live;
    }

    private static DmaBuf allocate(Simulation sim) {
        return sim.heaps().allocate(HEAP, LEN, 0, ExportInfo.O_RDWR, OWNER);
    }

    /** The GPU renders a frame and keeps the buffer mapped (DRM PRIME maps at import). */
    private void render() {
        DeviceDriver gpu = driver("gpu0");
        gpuImport = gpu.importBuffer(rendered, DmaDirection.FROM_DEVICE);
        assertTrue(gpu.produce(gpuImport, FRAME).ok());
        assertEquals(1, sim.dmaDebug().entries("gpu0").size());
    }

    /** {@code DMA_BUF_IOCTL_SYNC} START|WRITE, the pattern through the mmap, END|WRITE; the mmap stays. */
    private void write() {
        written.beginCpuAccess(DmaDirection.TO_DEVICE);
        writtenMap.write(0, pattern);
        written.endCpuAccess(DmaDirection.TO_DEVICE);
    }

    /** The heap left the registry: ENODEV for new allocations and the shrinker, not listed. */
    void assertHeapGone() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> allocate(sim));
        assertEquals(Errno.ENODEV, e.errno());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> sim.heaps().shrink(HEAP, 0)).errno());
        assertFalse(sim.heaps().list().stream().map(HeapInfo::name).toList().contains(HEAP));
        assertFalse(rendered.isReleased() || written.isReleased());
    }

    /**
     * The rest of the buffers' lives: the GPU lets go of {@code rendered}, the display maps it
     * (through swiotlb) and scans it out, the CPU reads it; the GPU and the display read
     * {@code written}, the CPU reads it back through its mmap; everything is released.
     */
    void finishLifecycle() {
        driver("gpu0").release(gpuImport);
        gpuImport = null;
        byte[] frame = renderedFrame();
        assertArrayEquals("display0 scanout", frame, scanout(rendered));
        assertArrayEquals("cpu read of the rendered frame", frame, cpuRead(rendered));
        assertArrayEquals("gpu0 read", pattern, gpuRead(written));
        assertArrayEquals("display0 scanout of the written buffer", pattern, scanout(written));
        written.beginCpuAccess(DmaDirection.FROM_DEVICE);
        assertArrayEquals("cpu read through the mmap", pattern, writtenMap.read(0, LEN));
        written.endCpuAccess(DmaDirection.FROM_DEVICE);
        writtenMap.unmap();
        assertEquals(Map.of(OWNER, 1L), rendered.references());
        assertEquals(Map.of(OWNER, 1L), written.references());
        rendered.put(OWNER);
        written.put(OWNER);
        assertTrue(rendered.isReleased() && written.isReleased());
    }

    /** Every page is back where it was before the buffers existed; no dma-debug error, no mapping left. */
    void assertBalanced() {
        assertEquals("heap pages kept", 0, HotplugSupport.heapKeptPages(sim, HEAP));
        assertEquals("buddy pages in use", buddyBefore, HotplugSupport.buddyUsedPages(sim));
        assertEquals("swiotlb pages in use", swiotlbBefore, HotplugSupport.swiotlbUsedPages(sim));
        assertEquals(errorsBefore, sim.dmaDebug().errorCount());
        assertEquals(List.of(), sim.dmaDebug().entries());
    }

    private byte[] renderedFrame() {
        byte[] frame = new byte[LEN];
        FramePattern.sensor(FRAME, 0, frame, LEN);
        for (int i = 0; i < LEN; i++) {
            frame[i] = FramePattern.gpu(frame[i]);
        }
        return frame;
    }

    /** The display imports (maps at import, bouncing above 4 GiB), scans out once, releases. */
    private byte[] scanout(DmaBuf buffer) {
        DeviceDriver display = driver("display0");
        ImportedBuffer in = display.importBuffer(buffer, DmaDirection.TO_DEVICE);
        try {
            assertEquals("bounced through swiotlb", swiotlbBefore + LEN / MemoryMap.PAGE_SIZE,
                    HotplugSupport.swiotlbUsedPages(sim));
            FrameResult result = display.consume(in, FRAME);
            assertTrue(result.ok());
            return result.data();
        } finally {
            display.release(in);
        }
    }

    private byte[] gpuRead(DmaBuf buffer) {
        DeviceDriver gpu = driver("gpu0");
        ImportedBuffer in = gpu.importBuffer(buffer, DmaDirection.TO_DEVICE);
        try {
            FrameResult result = gpu.consume(in, FRAME);
            assertTrue(result.ok());
            return result.data();
        } finally {
            gpu.release(in);
        }
    }

    /** vmap between {@code begin_cpu_access} and {@code end_cpu_access} for reading. */
    private static byte[] cpuRead(DmaBuf buffer) {
        buffer.beginCpuAccess(DmaDirection.FROM_DEVICE);
        CpuMapping vmap = buffer.vmap();
        try {
            return vmap.read(0, LEN);
        } finally {
            buffer.vunmap(vmap);
            buffer.endCpuAccess(DmaDirection.FROM_DEVICE);
        }
    }

    private DeviceDriver driver(String name) {
        return sim.drivers().find(name).orElseThrow(() -> new AssertionError("no driver " + name));
    }
}
