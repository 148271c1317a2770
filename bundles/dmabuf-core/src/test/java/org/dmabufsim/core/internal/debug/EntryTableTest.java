// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DmaDirection;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EntryTableTest {
    private final TestDevice cam = TestDevice.of("1a000000.camera", "camera");
    private final EntryTable table = new EntryTable();

    private static DebugEntry single(TestDevice dev, long dma, long size) {
        return DebugEntry.single(dev, 0x8000_0000L, size, DmaDirection.TO_DEVICE, dma);
    }

    @Test
    @DisplayName("rule 100: hash_fn uses bits 13..26 of the DMA address")
    void rule100_hashFn() {
        assertEquals(0, EntryTable.hashFn(0x1fff));
        assertEquals(1, EntryTable.hashFn(0x2000));
        assertEquals(16383, EntryTable.hashFn(0x7ff_e000L));
        assertEquals(0, EntryTable.hashFn(0x800_0000L));
        assertEquals(16383, EntryTable.hashFn(-1L));
    }

    @Test
    @DisplayName("rule 102: containing lookup of an address below 8 KiB searches one bucket only")
    void rule102_containingLimitLowAddress() {
        DebugEntry entry = single(cam, 0x7ffe000L, 0x4000);
        table.add(entry);
        // 0x1000 hashes to bucket 0; the entry sits in bucket 16383 and does not contain it anyway
        assertNull(table.findContaining(DebugEntry.ref(DebugType.SINGLE, cam, 0x1000, 16, DmaDirection.TO_DEVICE, 0,
                0)));
        DebugEntry low = single(cam, 0x0, 0x2000);
        table.add(low);
        assertSame(low, table.findContaining(DebugEntry.ref(DebugType.SINGLE, cam, 0x1000, 16, DmaDirection.TO_DEVICE,
                0, 0)));
    }

    @Test
    @DisplayName("rule 102: containing lookup walks back across buckets to the mapping's start")
    void rule102_containingWalksBack() {
        DebugEntry entry = single(cam, 0x10_0000L, 0x10_0000L);
        table.add(entry);
        assertSame(entry, table.findContaining(DebugEntry.ref(DebugType.SINGLE, cam, 0x1F_F000L, 0x1000,
                DmaDirection.TO_DEVICE, 0, 0)));
        assertNull(table.findContaining(DebugEntry.ref(DebugType.SINGLE, cam, 0x1F_F000L, 0x1001,
                DmaDirection.TO_DEVICE, 0, 0)));
    }

    @Test
    @DisplayName("rule 100: takeExact removes only the chosen entry; forEach visits in bucket then list order")
    void rule100_takeExactAndOrder() {
        DebugEntry a = single(cam, 0x800_0000L, 4096);
        DebugEntry b = single(cam, 0x2000, 4096);
        DebugEntry c = single(cam, 0x0, 4096);
        table.add(a);
        table.add(b);
        table.add(c);
        List<Long> order = new ArrayList<>();
        table.forEach((idx, e) -> order.add(e.devAddr));
        assertEquals(List.of(0x800_0000L, 0x0L, 0x2000L), order);
        assertSame(c, table.takeExact(DebugEntry.ref(DebugType.SINGLE, cam, 0x0, 4096, DmaDirection.TO_DEVICE, 0, 0)));
        assertNull(table.takeExact(DebugEntry.ref(DebugType.SINGLE, cam, 0x0, 4096, DmaDirection.TO_DEVICE, 0, 0)));
        assertEquals(List.of(a, b), table.removeDevice(cam));
    }
}
