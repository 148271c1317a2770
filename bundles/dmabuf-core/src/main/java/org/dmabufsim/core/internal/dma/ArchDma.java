// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Locale;
import org.dmabufsim.core.internal.sim.Ratelimit;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.CostTable;

/**
 * arm64 cache maintenance for non-coherent DMA ({@code arch/arm64/mm/dma-mapping.c},
 * {@code cache.S}), rule 95. Each operation ends with the {@code dsb} of the maintenance macros
 * ({@code cpu.barrier()}, which also drains write-combine buffers).
 * <ul>
 * <li>{@code arch_sync_dma_for_device}: up to v5.18 {@code __dma_map_area}, invalidate for
 * DMA_FROM_DEVICE and clean otherwise; from v5.19 always clean ({@code dcache_clean_poc}).</li>
 * <li>{@code arch_sync_dma_for_cpu}: nothing for DMA_TO_DEVICE, else invalidate
 * ({@code dcache_inval_poc}, partial edge lines cleaned and invalidated).</li>
 * <li>{@code arch_dma_prep_coherent}: clean and invalidate ({@code dcache_clean_inval_poc}).</li>
 * </ul>
 * The kernel maintains by virtual address: {@code phys_to_virt(paddr)}. A physical range without a
 * linear mapping (a {@code no-map} carveout, or {@code dma_to_phys(0)} of a table that was never
 * mapped, rule 57a) would fault or maintain some other page; the simulation walks (and counts) the
 * lines, changes nothing and prints a WARN naming the device and the address (ratelimited).
 *
 * <p>Callers decide whether maintenance applies (non-coherent device, no DMA_ATTR_SKIP_CPU_SYNC).
 * Stateless apart from the ratelimit, which has its own lock.
 */
final class ArchDma {
    private static final String FILE = "arch/arm64/mm/dma-mapping.c";
    private static final int LINE_SHIFT = 6; // 64-byte lines

    private final DmaContext ctx;
    private final Ratelimit unmappedRatelimit;

    ArchDma(DmaContext ctx) {
        this.ctx = ctx;
        this.unmappedRatelimit = Ratelimit.defaults("arch_sync_dma", ctx.stats()::nowNs, ctx.log());
    }

    /** {@code arch_sync_dma_for_device(paddr, size, dir)}. */
    void syncForDevice(DeviceSpec dev, long phys, long size, DmaDirection dir) {
        if (size <= 0 || !linear(dev, phys, size, "arch_sync_dma_for_device")) {
            return;
        }
        if (ctx.era() == Arm64Era.UP_TO_5_18 && dir == DmaDirection.FROM_DEVICE) {
            ctx.cache().invalidate(phys, size);
        } else {
            ctx.cache().clean(phys, size);
        }
        ctx.cpu().barrier();
    }

    /** {@code arch_sync_dma_for_cpu(paddr, size, dir)}. */
    void syncForCpu(DeviceSpec dev, long phys, long size, DmaDirection dir) {
        if (dir == DmaDirection.TO_DEVICE || size <= 0 || !linear(dev, phys, size, "arch_sync_dma_for_cpu")) {
            return;
        }
        ctx.cache().invalidate(phys, size);
        ctx.cpu().barrier();
    }

    /** {@code arch_dma_prep_coherent(page, size)}: the pages come from the allocator, always linear-mapped. */
    void prepCoherent(long phys, long size) {
        ctx.cache().cleanInvalidate(phys, size);
        ctx.cpu().barrier();
    }

    /** Whether the range has a linear alias; if not, walks it for nothing and warns. */
    private boolean linear(DeviceSpec dev, long phys, long size, String function) {
        if (ctx.memory().isLinearMapped(phys, size)) {
            return true;
        }
        long lines = ((phys + size - 1) >>> LINE_SHIFT) - (phys >>> LINE_SHIFT) + 1;
        CostTable costs = ctx.stats().costs();
        ctx.stats().linesWalked.add(lines);
        ctx.stats().chargeCpu(lines * costs.lineWalkNs());
        ctx.cpu().barrier();
        if (unmappedRatelimit.allow()) {
            ctx.log().warn(String.format(Locale.ROOT, "WARNING: at %s %s: %s %s: phys 0x%016x+%#x has no linear"
                    + " mapping: the kernel would fault or maintain another page", FILE, function, dev.driver(),
                    dev.name(), phys, size));
        }
        return false;
    }
}
