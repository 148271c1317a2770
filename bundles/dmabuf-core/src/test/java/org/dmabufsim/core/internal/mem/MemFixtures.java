// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.List;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.ReservedRegion;

/** Small memory maps for tests. */
final class MemFixtures {
    static final long MIB = MemoryLayout.MIB;
    static final long LOW = MemoryLayout.LOW_BANK_BASE;
    static final long HIGH = MemoryLayout.HIGH_BANK_BASE;

    private MemFixtures() {
    }

    static KernelLogImpl log() {
        return new KernelLogImpl("test", () -> 0L);
    }

    /** 4 MiB below 4 GiB, 64 MiB above, nothing reserved. */
    static MemoryLayout tiny() {
        return new MemoryLayout(List.of(new DramBank(LOW, 4 * MIB), new DramBank(HIGH, 64 * MIB)), List.of());
    }

    /** 8 MiB low with a 1 MiB + 12 KiB carveout inside (odd-sized buddy ranges), 8 MiB high. */
    static MemoryLayout ragged() {
        return new MemoryLayout(List.of(new DramBank(LOW, 8 * MIB), new DramBank(HIGH, 8 * MIB)),
                List.of(ReservedRegion.carveout("cam", LOW + 3 * MIB + 4096, MIB + 12288, false)));
    }

    static MemoryMapImpl map(MemoryLayout layout) {
        return new MemoryMapImpl(layout, log());
    }
}
