// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.FramePattern;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.MappingPolicy;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

class AbstractDriverTest {
    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.DMA_HEAP);

    private TestDriver driver(MappingPolicy policy, String... kv) {
        DeviceConfig c = DeviceFixture.small("dev0", TestDriver.MODEL);
        for (int i = 0; i < kv.length; i += 2) {
            c = c.with(kv[i], kv[i + 1]);
        }
        return f.driver(TestDriver.factory(policy), c);
    }

    private static byte[] sensor(long frame, int length) {
        byte[] b = new byte[length];
        FramePattern.sensor(frame, 0, b, length);
        return b;
    }

    @Test
    void rule75_perFrameMapsAndUnmapsEveryFrame() {
        TestDriver d = driver(MappingPolicy.PER_FRAME);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        Counters before = f.sim().counters();
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        assertEquals(0, f.sim().counters().minus(before).dmaMapCalls());
        assertTrue(d.mappedTable(imp).isEmpty());
        for (long frame = 0; frame < 3; frame++) {
            Counters c = f.sim().counters();
            assertTrue(d.produce(imp, frame).ok());
            Counters delta = f.sim().counters().minus(c);
            assertEquals(1, delta.dmaMapCalls());
            assertEquals(1, delta.dmaUnmapCalls());
            assertEquals(List.of(), f.sim().dmaDebug().entries("dev0"));
        }
        assertArrayEquals(sensor(2, SMALL_FRAME), d.consume(imp, 3).data());
        assertEquals(MappingPolicy.PER_FRAME, d.mappingPolicy());
    }

    @Test
    void rule75_atImportMapsOnceAndUnmapsAtRelease() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        Counters before = f.sim().counters();
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        assertEquals(1, f.sim().counters().minus(before).dmaMapCalls());
        // dma-direct does not merge: one dma-debug entry per 4 KiB chunk of the system heap (rule 103)
        assertEquals(4, d.mappedTable(imp).orElseThrow().nents());
        assertEquals(4, f.sim().dmaDebug().entries("dev0").size());
        Counters frames = f.sim().counters();
        for (long frame = 0; frame < 3; frame++) {
            assertTrue(d.produce(imp, frame).ok());
        }
        assertArrayEquals(sensor(2, SMALL_FRAME), d.consume(imp, 3).data());
        Counters delta = f.sim().counters().minus(frames);
        assertEquals(0, delta.dmaMapCalls());
        assertEquals(0, delta.dmaUnmapCalls());
        assertEquals(4L * SMALL_FRAME, delta.deviceBytesWritten() + delta.deviceBytesRead());

        d.release(imp);
        assertEquals(1, f.sim().counters().minus(frames).dmaUnmapCalls());
        assertEquals(List.of(), f.sim().dmaDebug().entries("dev0"));
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    void mappingPolicyPropertyOverridesTheModel() {
        TestDriver d = driver(MappingPolicy.PER_FRAME, "mapping.policy", "at-import");
        assertEquals(MappingPolicy.AT_IMPORT, d.mappingPolicy());
        ImportedBuffer imp = d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.TO_DEVICE);
        assertTrue(d.mappedTable(imp).isPresent());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> driver(MappingPolicy.PER_FRAME, "mapping.policy", "always")).errno());
    }

    @Test
    void rule13_cachedSgtWithoutAnExporterCacheMapsPerFrame() {
        TestDriver d = driver(MappingPolicy.CACHED_SGT);
        ImportedBuffer imp = d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        Counters c = f.sim().counters();
        d.produce(imp, 0);
        d.produce(imp, 1);
        assertEquals(2, f.sim().counters().minus(c).dmaMapCalls());
    }

    @Test
    void importTakesAReferenceForTheDeviceUntilRelease() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        assertEquals(new ImportedBuffer("dev0", buf, buf.attachments().get(0), DmaDirection.BIDIRECTIONAL), imp);
        assertEquals(Map.of(DeviceFixture.USER, 1L, org.dmabufsim.dmabuf.Owner.device("dev0"), 1L), buf.references());
        buf.put(DeviceFixture.USER);
        assertFalse(buf.isReleased());
        assertTrue(d.produce(imp, 0).ok());
        d.release(imp);
        assertTrue(buf.isReleased());
    }

    @Test
    void bufferSmallerThanTheFrameIsEinvalAndLeavesNothing() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME - 4096);
        ErrnoException e = assertThrows(ErrnoException.class, () -> d.importBuffer(buf, DmaDirection.TO_DEVICE));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), buf.attachments());
        assertEquals(Map.of(DeviceFixture.USER, 1L), buf.references());
    }

    @Test
    void rule18_dmaNoneIsEinvalBeforeAnything() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> d.importBuffer(buf, DmaDirection.NONE)).errno());
        assertEquals(List.of(), buf.attachments());
    }

    @Test
    void refusalAtImportUnmapsDetachesAndPuts() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        d.setCheck(imp -> {
            throw new ErrnoException(Errno.EINVAL, "refused");
        });
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        Counters c = f.sim().counters();
        assertEquals("EINVAL: refused", assertThrows(ErrnoException.class,
                () -> d.importBuffer(buf, DmaDirection.BIDIRECTIONAL)).getMessage());
        Counters delta = f.sim().counters().minus(c);
        assertEquals(1, delta.dmaMapCalls());
        assertEquals(1, delta.dmaUnmapCalls());
        assertEquals(List.of(), buf.attachments());
        assertEquals(Map.of(DeviceFixture.USER, 1L), buf.references());
        assertEquals(List.of(), f.sim().dmaDebug().entries());
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }

    @Test
    void refusalPerFrameUnmapsAndKeepsTheImport() {
        TestDriver d = driver(MappingPolicy.PER_FRAME);
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp = d.importBuffer(buf, DmaDirection.BIDIRECTIONAL);
        d.setCheck(i -> {
            throw new ErrnoException(Errno.EINVAL, "refused");
        });
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> d.produce(imp, 0)).errno());
        assertEquals(List.of(), f.sim().dmaDebug().entries("dev0"));
        assertEquals(1, buf.attachments().size());
        d.setCheck(i -> { });
        assertTrue(d.produce(imp, 1).ok());
    }

    @Test
    void releaseOfWhatWasNotImportedIsEinval() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        TestDriver other = f.driver(TestDriver.factory(MappingPolicy.AT_IMPORT), DeviceFixture.small("dev1", "test"));
        ImportedBuffer imp = d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> other.release(imp)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> other.produce(imp, 0)).errno());
        d.release(imp);
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> d.release(imp)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> d.consume(imp, 0)).errno());
    }

    @Test
    void unsupportedOperationsAreEnotty() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        ImportedBuffer imp = d.importBuffer(f.alloc(SYSTEM, SMALL_FRAME), DmaDirection.BIDIRECTIONAL);
        ErrnoException e = assertThrows(ErrnoException.class, () -> d.process(imp, imp, 0));
        assertEquals(Errno.ENOTTY, e.errno());
        assertEquals("ENOTTY: dev0: a test cannot process", e.getMessage());
    }

    @Test
    void rule105_closeReleasesEveryImportAndClosesTheDevice() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT);
        DmaBuf a = f.alloc(SYSTEM, SMALL_FRAME);
        DmaBuf b = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer ia = d.importBuffer(a, DmaDirection.BIDIRECTIONAL);
        d.importBuffer(b, DmaDirection.TO_DEVICE);
        d.produce(ia, 0);
        d.close();
        f.assertClosedCleanly(d, a, b);
        assertEquals(Map.of(DeviceFixture.USER, 1L), a.references());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> d.produce(ia, 1)).errno());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class,
                () -> d.importBuffer(a, DmaDirection.TO_DEVICE)).errno());
        assertEquals(Errno.ENODEV, assertThrows(ErrnoException.class, () -> d.release(ia)).errno());
        d.close();
    }

    @Test
    void badConfigurationOpensNoDevice() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> driver(MappingPolicy.AT_IMPORT, "import.mode", "maybe")).errno());
        assertEquals(List.of(), f.sim().devices().list());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> driver(MappingPolicy.AT_IMPORT, "dma.mask.bits", "0")).errno());
        assertEquals(List.of(), f.sim().devices().list());
    }

    @Test
    void deviceSpecHasTheConfiguredOverrides() {
        TestDriver d = driver(MappingPolicy.AT_IMPORT, "dma.mask.bits", "36", "iommu", "strict", "coherent", "true");
        assertEquals((1L << 36) - 1, d.device().spec().dmaMask());
        assertTrue(d.device().spec().coherent());
        assertEquals((1L << 36) - 1, d.device().iommu().orElseThrow().iovaLimit());
        assertSame(d.device(), f.context(0).opened().get(0));
        assertEquals("dev0", d.device().name());
    }
}
