// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dmabuf.DmaBufOps;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.sim.KernelLog;
import org.dmabufsim.sim.SimulationConfig;

/** A dma-buf core in a fresh simulation, with a page freer that records what it is given. */
final class Fixture {
    static final Owner OWNER = Owner.process(100);

    final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults());
    final List<List<PageRange>> freed = Collections.synchronizedList(new ArrayList<>());
    final DmaBufsImpl bufs = new DmaBufsImpl(sim, sim.kernelLog(), freed::add);

    KernelLogImpl log() {
        return sim.kernelLog();
    }

    DmaBufImpl export(DmaBufOps ops) {
        return export(ops, 4 * 4096);
    }

    DmaBufImpl export(DmaBufOps ops, long size) {
        return (DmaBufImpl) bufs.export(new ExportInfo("test", size, ops, ExportInfo.O_RDWR, OWNER));
    }

    List<String> messages(KernelLog.Level level) {
        return log().records().stream().filter(r -> r.level() == level).map(KernelLog.Record::message).toList();
    }
}
