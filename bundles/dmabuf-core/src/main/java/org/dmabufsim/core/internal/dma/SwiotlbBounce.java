// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Locale;
import org.dmabufsim.core.internal.swiotlb.SwiotlbPool;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.mem.MemoryMap;

/**
 * {@code swiotlb_bounce}: copies between an original buffer and its bounce slot with the CPU, through
 * the cacheable linear map (both are kernel memory: {@code memcpy(vaddr, phys_to_virt(orig_addr))}),
 * so the copy reads and leaves lines in the CPU cache like any memcpy and costs CPU time; counted in
 * {@code bytesBounced}. Where the copy goes comes from the pool's slot records
 * ({@code io_tlb_orig_addr}, {@code alloc_size}).
 *
 * <p>Stateless; the pool and the cache have their own locks.
 */
final class SwiotlbBounce {
    private static final int PAGE = MemoryMap.PAGE_SIZE;

    private final DmaContext ctx;
    private final SwiotlbPool pool;
    private final WarnOnce once;

    SwiotlbBounce(DmaContext ctx, SwiotlbPool pool, WarnOnce once) {
        this.ctx = ctx;
        this.pool = pool;
        this.once = once;
    }

    /**
     * Copies {@code size} bytes: original to slot ({@code toDevice}, DMA_TO_DEVICE) or slot to
     * original. Nothing happens for an address that is not part of a live bounce buffer; a size
     * beyond the allocation is clamped with the kernel's WARN_ONCE.
     */
    void bounce(DeviceSpec dev, long tlbPhys, long size, boolean toDevice) {
        long orig = pool.origAddr(tlbPhys);
        if (orig == SwiotlbPool.INVALID_PHYS_ADDR) {
            return;
        }
        long allocSize = pool.allocSize(tlbPhys);
        long n = size;
        if (n > allocSize) {
            if (once.first("swiotlb_bounce")) {
                ctx.log().warn(WarnOnce.devPrefix(dev) + "Buffer overflow detected. Allocation size: " + allocSize
                        + ". Mapping size: " + size + ".");
            }
            n = allocSize;
        }
        if (!ctx.memory().isLinearMapped(orig, n)) {
            ctx.log().warn(String.format(Locale.ROOT, "WARNING: at kernel/dma/swiotlb.c swiotlb_bounce: %sphys"
                    + " 0x%016x+%#x has no linear mapping: the kernel would fault", WarnOnce.devPrefix(dev), orig, n));
            return;
        }
        if (toDevice) {
            copy(orig, tlbPhys, n);
        } else {
            copy(tlbPhys, orig, n);
        }
        ctx.stats().bytesBounced.add(n);
    }

    /** A CPU memcpy through the cache, page by page. */
    private void copy(long from, long to, long size) {
        byte[] buf = new byte[(int) Math.min(size, PAGE)];
        long done = 0;
        while (done < size) {
            int n = (int) Math.min(size - done, PAGE);
            ctx.cache().cpuRead(from + done, buf, 0, n);
            ctx.cache().cpuWrite(to + done, buf, 0, n);
            done += n;
        }
    }
}
