// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobHandle;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.StepResult;
import org.dmabufsim.dmabuf.DmaResv;
import org.dmabufsim.dmabuf.ResvUsage;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * One DMA job per frame over a buffer's DMA segments, as a scatter-gather engine runs it: one step
 * per segment. The job honours the buffer's reservation object as a DRM scheduler job does (it
 * waits for the fences it must, then publishes its own fence, WRITE for device writes, READ for
 * reads) and is waited for before the caller goes on (the driver's DQBUF / fence wait). Stateless.
 */
final class FrameJobs {
    private final DmaDevice device;

    FrameJobs(DmaDevice device) {
        this.device = device;
    }

    /** The device writes the frame into the buffer the import maps. Caller holds the import's lock. */
    DmaJobResult write(Import imp, String label, FrameSource source) {
        List<DmaStep> steps = new ArrayList<>();
        for (DmaSegment s : program(imp)) {
            steps.add(new DmaStep.Write(s.dmaAddress(), source.bytes(s.frameOffset(), s.length())));
        }
        return run(imp, new DmaJob(label, steps), true);
    }

    /** The device reads the frame from the buffer the import maps. Caller holds the import's lock. */
    FrameRead read(Import imp, String label, int frameBytes) {
        List<DmaSegment> program = program(imp);
        List<DmaStep> steps = new ArrayList<>();
        for (DmaSegment s : program) {
            steps.add(new DmaStep.Read(s.dmaAddress(), s.length()));
        }
        DmaJobResult result = run(imp, new DmaJob(label, steps), false);
        byte[] data = new byte[frameBytes];
        for (int i = 0; i < result.steps().size(); i++) {
            StepResult step = result.step(i);
            System.arraycopy(step.data(), 0, data, program.get(i).frameOffset(), (int) step.bytesDone());
        }
        return new FrameRead(result, data);
    }

    /** The descriptors the driver wrote when it mapped the buffer (not the table as it is now). */
    private List<DmaSegment> program(Import imp) {
        List<DmaSegment> program = imp.program();
        if (program.isEmpty()) {
            throw new ErrnoException(Errno.ENOMEM, device.name() + ": no DMA descriptors for the frame");
        }
        return program;
    }

    /** Implicit sync, submit, fence into the reservation object, wait. */
    private DmaJobResult run(Import imp, DmaJob job, boolean deviceWrites) {
        DmaResv resv = imp.buffer().dmabuf().resv();
        resv.await(ResvUsage.forAccess(deviceWrites));
        DmaJobHandle handle = device.queue().submit(job);
        resv.addFence(handle.fence(), deviceWrites ? ResvUsage.WRITE : ResvUsage.READ);
        return handle.await();
    }
}
