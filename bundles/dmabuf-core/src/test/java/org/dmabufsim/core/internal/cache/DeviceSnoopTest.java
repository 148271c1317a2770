// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.cache;

import static org.dmabufsim.core.internal.cache.CacheFixtures.LINE;
import static org.dmabufsim.core.internal.cache.CacheFixtures.P;
import static org.dmabufsim.core.internal.cache.CacheFixtures.dram;
import static org.dmabufsim.core.internal.cache.CacheFixtures.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.mem.CpuMapping;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceSnoopTest {

    @Test
    @DisplayName("rule 96: an IO-coherent read hits a stale clean line after a non-coherent device wrote DRAM")
    void rule96_coherentReadHitsStaleCleanLine() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuCacheImpl cache = sim.cpuCache();
        sim.cpu().linearMap().read(P, LINE);
        assertTrue(cache.isPresent(P));
        assertFalse(cache.isDirty(P));
        cache.deviceWrite(P, filled(LINE, 0x66), 0, LINE, false);
        assertTrue(cache.isPresent(P), "a non-coherent write leaves the line alone: it is now stale");
        byte[] coherent = new byte[LINE];
        cache.deviceRead(P, coherent, 0, LINE, true);
        assertArrayEquals(new byte[LINE], coherent, "the snoop returns the stale clean line");
        byte[] nonCoherent = new byte[LINE];
        cache.deviceRead(P, nonCoherent, 0, LINE, false);
        assertArrayEquals(filled(LINE, 0x66), nonCoherent);
    }

    @Test
    @DisplayName("a coherent read sees dirty CPU data merged with DRAM; a non-coherent one sees DRAM only")
    void coherentReadSeesDirtyLines() {
        SimulationImpl sim = CacheFixtures.quiet();
        sim.memory().writeDram(P, filled(3 * LINE, 1), 0, 3 * LINE);
        sim.cpu().linearMap().write(P + LINE + 10, filled(4, 9));
        byte[] got = new byte[3 * LINE - 20];
        sim.cpuCache().deviceRead(P + 10, got, 0, got.length, true);
        byte[] expected = filled(3 * LINE - 20, 1);
        Arrays.fill(expected, LINE, LINE + 4, (byte) 9);
        assertArrayEquals(expected, got);
        sim.cpuCache().deviceRead(P + 10, got, 0, got.length, false);
        assertArrayEquals(filled(3 * LINE - 20, 1), got);
    }

    @Test
    @DisplayName("a coherent write writes back partly covered dirty lines, drops every line it touches, then writes DRAM")
    void coherentWriteDropsLines() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuCacheImpl cache = sim.cpuCache();
        sim.cpu().linearMap().write(P, filled(2 * LINE, 0x77));
        cache.deviceWrite(P, filled(LINE + 32, 0x88), 0, LINE + 32, true);
        assertFalse(cache.isPresent(P));
        assertFalse(cache.isPresent(P + LINE));
        byte[] expected = filled(2 * LINE, 0x88);
        Arrays.fill(expected, LINE + 32, 2 * LINE, (byte) 0x77);
        assertArrayEquals(expected, dram(sim, P, 2 * LINE));
        assertEquals(0, sim.counters().linesWrittenBack(), "a snoop is not maintenance");
    }

    @Test
    @DisplayName("a coherent fill drops present lines; a non-coherent fill leaves them stale")
    void deviceFill() {
        SimulationImpl sim = CacheFixtures.quiet();
        CpuCacheImpl cache = sim.cpuCache();
        CpuMapping lm = sim.cpu().linearMap();
        lm.read(P, 2 * LINE);
        cache.deviceFill(P, LINE, (byte) 3, false);
        assertArrayEquals(new byte[LINE], lm.read(P, LINE), "stale");
        cache.deviceFill(P + LINE, LINE, (byte) 4, true);
        assertArrayEquals(filled(LINE, 4), lm.read(P + LINE, LINE), "dropped, refilled from DRAM");
    }

    @Test
    @DisplayName("an 8 MiB non-coherent device read is a bulk copy: right bytes, no allocation, no cache traffic")
    void bulkNonCoherentRead() {
        SimulationImpl sim = CacheFixtures.quiet();
        int len = 8 << 20;
        byte[] src = new byte[len];
        for (int i = 0; i < len; i += 4096) {
            src[i] = (byte) (i >>> 12);
            src[i + 4095] = (byte) ~(i >>> 12);
        }
        sim.memory().writeDram(P, src, 0, len);
        long host = sim.memory().hostBytes();
        byte[] dst = new byte[len];
        sim.cpuCache().deviceRead(P, dst, 0, len, false);
        assertArrayEquals(src, dst);
        assertEquals(host, sim.memory().hostBytes());
        assertEquals(0, sim.cache().presentLines());
        byte[] empty = new byte[len];
        sim.cpuCache().deviceRead(P + len, empty, 0, len, false);
        assertArrayEquals(new byte[len], empty);
    }
}
