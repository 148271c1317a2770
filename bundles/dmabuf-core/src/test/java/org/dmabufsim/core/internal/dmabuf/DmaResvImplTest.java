// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dmabuf.ResvUsage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DmaResvImplTest {
    private final DmaResvImpl resv = new DmaResvImpl();

    @Test
    @DisplayName("rule 19: fences(usage) returns that usage and every stronger one, in slot order")
    void rule19_fencesByUsage() {
        TestFence k = new TestFence("d", "t", 1, 1);
        TestFence w = new TestFence("d", "t", 2, 1);
        TestFence r = new TestFence("d", "t", 3, 1);
        TestFence b = new TestFence("d", "t", 4, 1);
        resv.addFence(b, ResvUsage.BOOKKEEP);
        resv.addFence(r, ResvUsage.READ);
        resv.addFence(w, ResvUsage.WRITE);
        resv.addFence(k, ResvUsage.KERNEL);
        assertEquals(List.of(k), resv.fences(ResvUsage.KERNEL));
        assertEquals(List.of(w, k), resv.fences(ResvUsage.WRITE));
        assertEquals(List.of(r, w, k), resv.fences(ResvUsage.READ));
        assertEquals(List.of(b, r, w, k), resv.fences(ResvUsage.BOOKKEEP));
    }

    @Test
    void signalledFencesArePrunedAndNotWaitedFor() {
        TestFence a = new TestFence("d", "t", 1, 1);
        TestFence b = new TestFence("d", "t", 2, 1);
        resv.addFence(a, ResvUsage.WRITE);
        resv.addFence(b, ResvUsage.WRITE);
        a.signal();
        assertFalse(resv.testSignaled(ResvUsage.WRITE));
        assertEquals(List.of(b), resv.fences(ResvUsage.READ));
        resv.await(ResvUsage.READ);
        assertEquals(0, a.awaits());
        assertEquals(1, b.awaits());
        assertTrue(resv.testSignaled(ResvUsage.BOOKKEEP));
    }

    @Test
    @DisplayName("dma_resv_add_fence: a later fence of the same context replaces one of a usage as strong or weaker")
    void addReplacesSameContextInPlace() {
        TestFence old = new TestFence("d", "t", 7, 1);
        TestFence other = new TestFence("d", "t", 8, 1);
        TestFence next = new TestFence("d", "t", 7, 2);
        resv.addFence(old, ResvUsage.READ);
        resv.addFence(other, ResvUsage.READ);
        resv.addFence(next, ResvUsage.WRITE);
        assertEquals(List.of(next, other), resv.fences(ResvUsage.READ));
        assertEquals(List.of(next), resv.fences(ResvUsage.WRITE));
        TestFence weaker = new TestFence("d", "t", 7, 3);
        resv.addFence(weaker, ResvUsage.BOOKKEEP);
        assertEquals(List.of(next, other, weaker), resv.fences(ResvUsage.BOOKKEEP));
    }

    @Test
    void fencesComeInSlotOrder() {
        List<String> order = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            String name = "f" + i;
            resv.addFence(new TestFence("d", name, i, i), ResvUsage.WRITE);
        }
        resv.fences(ResvUsage.WRITE).forEach(x -> order.add(x.timelineName()));
        assertEquals(List.of("f1", "f2", "f3"), order);
    }

    @Test
    @DisplayName("rule 34: dma_resv_describe lists unsignalled fences up to READ with their usage")
    void rule34_describe() {
        resv.addFence(new TestFence("camera", "cam0", 1, 42), ResvUsage.WRITE);
        resv.addFence(new TestFence("gpu", "gfx", 2, -1L), ResvUsage.READ);
        resv.addFence(new TestFence("vm", "pt", 3, 1), ResvUsage.BOOKKEEP);
        TestFence signalled = new TestFence("x", "y", 4, 1);
        resv.addFence(signalled, ResvUsage.KERNEL);
        signalled.signal();
        StringBuilder s = new StringBuilder();
        resv.describe(s);
        assertEquals("\twrite fence:camera cam0 seq 42 unsignalled\n"
                + "\tread fence:gpu gfx seq 18446744073709551615 unsignalled\n", s.toString());
    }
}
