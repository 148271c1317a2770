// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DramTest {
    private static final int PAGE = MemoryMap.PAGE_SIZE;
    private static final long A = 0x8000_0000L;
    private static final long MIB = 1L << 20;

    /** Two adjacent banks (a range may cross from one to the other) and a third after a hole. */
    private static Dram dram() {
        return new Dram(List.of(new DramBank(A, 4 * MIB), new DramBank(A + 4 * MIB, 4 * MIB),
                new DramBank(A + 16 * MIB, 4 * MIB)));
    }

    private static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    @Test
    @DisplayName("DRAM starts all zero and reading costs no host memory")
    void absentReadsZero() {
        Dram d = dram();
        byte[] out = pattern(3 * PAGE, 1);
        d.read(A + 100, out, 0, out.length);
        assertArrayEquals(new byte[3 * PAGE], out);
        assertEquals(0, d.hostBytes());
    }

    @Test
    @DisplayName("writing zeros to an untouched page allocates nothing; a non-zero byte backs one page")
    void trivialWritesStaySparse() {
        Dram d = dram();
        d.write(A, new byte[2 * PAGE], 0, 2 * PAGE);
        assertEquals(0, d.hostBytes());
        d.write(A + PAGE + 7, new byte[] {5}, 0, 1);
        assertEquals(PAGE, d.hostBytes());
        assertEquals(1, d.backedPages(A, A + 8 * MIB));
    }

    @Test
    @DisplayName("unaligned read/write round trip across pages and across adjacent banks")
    void roundTripAcrossBanks() {
        Dram d = dram();
        byte[] src = pattern(3 * PAGE + 123, 7);
        long at = A + 4 * MIB - PAGE - 50;
        d.write(at, src, 0, src.length);
        byte[] out = new byte[src.length];
        d.read(at, out, 0, out.length);
        assertArrayEquals(src, out);
        assertEquals(5L * PAGE, d.hostBytes());
    }

    @Test
    @DisplayName("zero drops the backing of whole pages and zeroes partial ones")
    void zeroDropsBacking() {
        Dram d = dram();
        byte[] src = pattern(4 * PAGE, 3);
        d.write(A, src, 0, src.length);
        d.zero(A + 10, 3 * PAGE);
        assertEquals(2L * PAGE, d.hostBytes(), "pages 1 and 2 dropped; 0 and 3 partly zeroed");
        byte[] out = new byte[4 * PAGE];
        d.read(A, out, 0, out.length);
        byte[] expected = src.clone();
        Arrays.fill(expected, 10, 10 + 3 * PAGE, (byte) 0);
        assertArrayEquals(expected, out);
    }

    @Test
    @DisplayName("copy moves bytes between unaligned pieces; absent source pages copy as zeros")
    void copy() {
        Dram d = dram();
        byte[] src = pattern(2 * PAGE, 9);
        d.write(A + 100, src, 0, src.length);
        d.write(A + 16 * MIB, pattern(3 * PAGE, 1), 0, 3 * PAGE);
        d.copy(A + 100, A + 16 * MIB + 3000, 2 * PAGE);
        byte[] out = new byte[2 * PAGE];
        d.read(A + 16 * MIB + 3000, out, 0, out.length);
        assertArrayEquals(src, out);
        d.copy(A + 2 * MIB, A + 16 * MIB, 3 * PAGE);
        assertEquals(3, d.backedPages(A, A + MIB), "copying absent pages over backed ones drops them");
        assertEquals(0, d.backedPages(A + 16 * MIB, A + 17 * MIB));
    }

    @Test
    @DisplayName("concurrent writers: page backing is created once and hostBytes stays exact")
    void concurrentWritersKeepAccountingExact() throws InterruptedException {
        Dram d = dram();
        int threads = 4;
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 512; i++) {
                    d.write(A + (long) i * PAGE + id, new byte[] {(byte) (id + 1)}, 0, 1);
                }
            });
        }
        for (Thread t : ts) {
            t.start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(512L * PAGE, d.hostBytes());
        byte[] out = new byte[threads];
        d.read(A + 511L * PAGE, out, 0, threads);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, out, "writers of different bytes of one page do not lose each other");
    }

    @Test
    @DisplayName("ranges that leave DRAM are refused")
    void notDram() {
        Dram d = dram();
        assertThrows(IllegalArgumentException.class, () -> d.read(A + 8 * MIB - 1, new byte[2], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> d.write(0x1000, new byte[1], 0, 1));
        assertThrows(IllegalArgumentException.class, () -> d.copy(A, A + 10, 100));
    }
}
