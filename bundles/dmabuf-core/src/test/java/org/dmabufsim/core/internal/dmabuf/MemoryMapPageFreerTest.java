// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.ReservedRegion;
import org.junit.jupiter.api.Test;

class MemoryMapPageFreerTest {
    private final List<ReservedRegion> regions = List.of(
            ReservedRegion.cma("linux,cma", 0xa000_0000L, 0x100_0000L),
            ReservedRegion.carveout("camera-carveout", 0xb000_0000L, 0x10_0000L, true),
            ReservedRegion.swiotlb(0x9000_0000L, 0x400_0000L));
    private final List<String> calls = new ArrayList<>();

    private MemoryMap fakeMemory() {
        return (MemoryMap) Proxy.newProxyInstance(MemoryMap.class.getClassLoader(), new Class<?>[] {MemoryMap.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "regionOf" -> regions.stream().filter(r -> r.contains((long) args[0])).findFirst();
                    case "freePages" -> calls.add("freePages " + args[0]);
                    case "freeRegion" -> calls.add("freeRegion " + args[0] + " " + args[1]);
                    default -> throw new IllegalStateException(method.getName());
                });
    }

    @Test
    void regionRangesGoBackToTheirRegionAndTheRestToTheBuddy() {
        PageRange buddy = PageRange.ofOrder(0x80000, 8);
        PageRange cma = new PageRange(0xa0000 + 16, 3);
        PageRange carve = new PageRange(0xb0000, 5);
        new MemoryMapPageFreer(this::fakeMemory).free(List.of(buddy, cma, carve));
        assertEquals(List.of("freePages " + buddy, "freeRegion linux,cma " + cma,
                "freeRegion camera-carveout " + carve), calls);
    }

    @Test
    void theMemoryMapIsLookedUpOnlyWhenFreeing() {
        List<Integer> lookups = new ArrayList<>();
        MemoryMapPageFreer freer = new MemoryMapPageFreer(() -> {
            lookups.add(1);
            return fakeMemory();
        });
        assertEquals(List.of(), lookups);
        freer.free(List.of(PageRange.ofOrder(0x80000, 0)));
        assertEquals(List.of(1), lookups);
        assertEquals(Optional.empty(), fakeMemory().regionOf(0x8000_0000L));
    }
}
