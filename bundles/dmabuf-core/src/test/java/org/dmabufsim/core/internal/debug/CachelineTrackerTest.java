// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.dmabufsim.dma.DmaDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CachelineTrackerTest {
    private final TestDevice cam = TestDevice.of("1a000000.camera", "camera");

    private DebugEntry entry(long phys, DmaDirection dir) {
        return DebugEntry.single(cam, phys, 4096, dir, 0x1000);
    }

    @Test
    @DisplayName("rule 104: cacheline number is pfn << 6 plus offset >> 6")
    void rule104_cachelineNumber() {
        assertEquals(0x2000041L, entry(0x8000_1040L, DmaDirection.FROM_DEVICE).cacheline());
        assertEquals(0x2000041L, entry(0x8000_107fL, DmaDirection.FROM_DEVICE).cacheline());
    }

    @Test
    @DisplayName("rule 104: insert returns 0, then the overlap count; saturates at 7; TO_DEVICE untracked")
    void rule104_insertResults() {
        CachelineTracker tracker = new CachelineTracker();
        assertEquals(CachelineTracker.NOT_TRACKED, tracker.insert(entry(0x8000_0000L, DmaDirection.TO_DEVICE)));
        assertEquals(-1, tracker.overlap(0x2000000L));
        for (int i = 0; i <= 9; i++) {
            assertEquals(Math.min(i, 8), tracker.insert(entry(0x8000_0000L, DmaDirection.BIDIRECTIONAL)));
            assertEquals(Math.min(i, 7), tracker.overlap(0x2000000L));
        }
    }

    @Property(tries = 200)
    @Label("rule 104: n inserts then n removes leave the line idle, for any n")
    void rule104_balancedInsertRemoveLeavesIdle(@ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @LongRange(min = 0, max = 0xff_ffff_ffffL) long phys) {
        CachelineTracker tracker = new CachelineTracker();
        DebugEntry e = entry(phys, DmaDirection.FROM_DEVICE);
        int overflows = 0;
        for (int i = 0; i < n; i++) {
            overflows += tracker.insert(e) > CachelineTracker.MAX_OVERLAP ? 1 : 0;
        }
        assertEquals(Math.max(0, n - 8), overflows);
        for (int i = 0; i < n; i++) {
            tracker.remove(e);
        }
        assertEquals(-1, tracker.overlap(e.cacheline()));
    }
}
