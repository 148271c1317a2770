// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.RandomStreams;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.PageTableFormat;
import org.dmabufsim.sim.CostTable;

/** A fresh stats/log/clock/random set, as a simulation would hand to its IOMMU domains. */
final class Fixture {
    final Stats stats = new Stats(CostTable.defaults());
    final KernelLogImpl log = new KernelLogImpl("test", stats::nowNs);
    final RandomStreams random = new RandomStreams(42);
    final IommuContext ctx = IommuContext.of(stats, log, stats::nowNs, random);

    IoPageTable pageTable() {
        return new IoPageTable(PageTableFormat.ARM_64_LPAE_S1, 48, stats, log);
    }
}
