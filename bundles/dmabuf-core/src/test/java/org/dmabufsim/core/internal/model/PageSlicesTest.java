// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.dmabufsim.mem.PageRange;
import org.junit.jupiter.api.Test;

class PageSlicesTest {
    private static final List<PageRange> CHUNKS = List.of(new PageRange(100, 2), new PageRange(10, 1),
            new PageRange(50, 4));

    @Test
    void sliceCrossesChunks() {
        assertEquals(List.of(new PageRange(101, 1), new PageRange(10, 1), new PageRange(50, 2)),
                PageSlices.slice(CHUNKS, 1, 4));
        assertEquals(List.of(new PageRange(53, 1)), PageSlices.slice(CHUNKS, 6, 1));
        assertEquals(CHUNKS, PageSlices.slice(CHUNKS, 0, 7));
    }

    @Test
    void sliceBeyondTheBufferIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PageSlices.slice(CHUNKS, 6, 2));
        assertThrows(IllegalArgumentException.class, () -> PageSlices.slice(CHUNKS, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> PageSlices.slice(CHUNKS, 0, 0));
    }

    @Test
    void pfnAt() {
        assertEquals(100, PageSlices.pfnAt(CHUNKS, 0));
        assertEquals(10, PageSlices.pfnAt(CHUNKS, 2));
        assertEquals(52, PageSlices.pfnAt(CHUNKS, 5));
        assertThrows(IndexOutOfBoundsException.class, () -> PageSlices.pfnAt(CHUNKS, 7));
    }
}
