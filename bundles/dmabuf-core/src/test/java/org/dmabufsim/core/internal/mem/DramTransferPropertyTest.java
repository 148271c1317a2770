// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link Dram#transfer} does exactly what a read into a buffer and a write of it do. */
class DramTransferPropertyTest {
    private static final int PAGE = MemoryMap.PAGE_SIZE;
    private static final long A = 0x8000_0000L;
    private static final long MIB = 1L << 20;

    /** Two adjacent banks, so ranges may cross from one to the other. */
    private static Dram dram() {
        return new Dram(List.of(new DramBank(A, 64 * PAGE), new DramBank(A + 64 * PAGE, MIB)));
    }

    /** Pages 0..15 from {@code seed}: some absent, some all zeros, some data. */
    private static void populate(Dram d, int seed) {
        for (int p = 0; p < 16; p++) {
            int kind = (seed >>> (2 * (p % 8))) & 3;
            if (kind == 1) {
                d.write(A + 48L * PAGE + (long) p * PAGE, new byte[PAGE], 0, PAGE); // zeros: stays absent
            } else if (kind >= 2) {
                byte[] b = new byte[PAGE];
                for (int i = 0; i < PAGE; i++) {
                    b[i] = (byte) (kind == 2 && i % 7 != 0 ? 0 : i * 13 + p + seed);
                }
                d.write(A + 48L * PAGE + (long) p * PAGE, b, 0, PAGE);
            }
        }
    }

    @Property(tries = 300)
    void transferIsReadThenWrite(@ForAll @IntRange(min = 0, max = 0xffff) int seed,
            @ForAll @IntRange(min = 0, max = 8 * PAGE) int srcOff,
            @ForAll @IntRange(min = 0, max = 8 * PAGE) int dstOff,
            @ForAll @IntRange(min = 1, max = 2 * PAGE) int len) {
        long src = A + 48L * PAGE + srcOff; // the populated pages straddle the bank boundary at page 64
        long dst = A + 48L * PAGE + 8 * PAGE + dstOff;
        if (src < dst + len && dst < src + len) {
            return;
        }
        Dram viaBuffer = dram();
        Dram direct = dram();
        populate(viaBuffer, seed);
        populate(direct, seed);
        byte[] buf = new byte[len];
        viaBuffer.read(src, buf, 0, len);
        viaBuffer.write(dst, buf, 0, len);
        direct.transfer(src, dst, len);
        byte[] a = new byte[24 * PAGE];
        byte[] b = new byte[24 * PAGE];
        viaBuffer.read(A + 48L * PAGE, a, 0, a.length);
        direct.read(A + 48L * PAGE, b, 0, b.length);
        assertArrayEquals(a, b);
        assertEquals(viaBuffer.hostBytes(), direct.hostBytes(), "the same pages are backed");
        assertEquals(viaBuffer.backedPages(A, A + MIB), direct.backedPages(A, A + MIB));
    }

    @Test
    @DisplayName("overlapping ranges and ranges outside DRAM are refused")
    void refusesOverlapAndHoles() {
        Dram d = dram();
        assertThrows(IllegalArgumentException.class, () -> d.transfer(A, A + 100, 200));
        assertThrows(IllegalArgumentException.class, () -> d.transfer(A, A + 2 * MIB, PAGE));
    }
}
