// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;

/**
 * Where a buffer's bytes are in physical memory: its physically contiguous runs, in buffer order.
 * The oracle's view: it reads DRAM itself, below the CPU cache, and recognises a physical address
 * handed to a device as a DMA address. Immutable.
 *
 * @param runs each {@code {phys, bytes}}, in buffer order
 */
record BufferLayout(List<long[]> runs) {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    BufferLayout {
        runs = runs.stream().map(long[]::clone).toList();
    }

    /**
     * The layout of {@code dmabuf}, read through a short-lived user mapping ({@code physAt} touches
     * neither the cache nor a fault handler); the mapping is gone when this returns.
     */
    static BufferLayout of(DmaBuf dmabuf, Owner owner) {
        long pages = (dmabuf.size() + PAGE - 1) / PAGE;
        CpuMapping vma = dmabuf.mmap(owner, 0, pages);
        try {
            List<long[]> runs = new ArrayList<>();
            for (long offset = 0; offset < dmabuf.size(); offset += PAGE) {
                long phys = vma.physAt(offset);
                long[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
                if (last != null && last[0] + last[1] == phys) {
                    last[1] += PAGE;
                } else {
                    runs.add(new long[] {phys, PAGE});
                }
            }
            return new BufferLayout(runs);
        } finally {
            vma.unmap();
        }
    }

    /** The first {@code length} bytes of the buffer as DRAM holds them now. */
    byte[] readDram(MemoryMap memory, int length) {
        byte[] out = new byte[length];
        int done = 0;
        for (long[] run : runs) {
            if (done == length) {
                break;
            }
            int n = (int) Math.min(run[1], length - done);
            memory.readDram(run[0], out, done, n);
            done += n;
        }
        return out;
    }

    /**
     * Whether {@code address} is one of the buffer's physical addresses as a device that drives only
     * the bits of {@code mask} emits it ({@code lower_32_bits(phys)} for a 32-bit device).
     */
    boolean containsAlias(long address, long mask) {
        for (long[] run : runs) {
            long start = run[0] & mask;
            if (address >= start && address - start < run[1]) {
                return true;
            }
        }
        return false;
    }
}
