// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.MemoryMap;

/** {@link RecordingOps} with vmap, vunmap and mmap. */
class FullOps extends RecordingOps {
    volatile RuntimeException vmapError;
    volatile FakeMapping lastVmap;
    volatile FakeMapping lastMmap;

    @Override
    public CpuMapping vmap(DmaBuf dmabuf) {
        calls.add("vmap");
        if (vmapError != null) {
            throw vmapError;
        }
        lastVmap = new FakeMapping(dmabuf.size());
        return lastVmap;
    }

    @Override
    public void vunmap(DmaBuf dmabuf, CpuMapping mapping) {
        calls.add("vunmap");
        mapping.unmap();
    }

    @Override
    public CpuMapping mmap(DmaBuf dmabuf, long pgoff, long pages) {
        calls.add("mmap " + pgoff + " " + pages);
        lastMmap = new FakeMapping(pages * MemoryMap.PAGE_SIZE);
        return lastMmap;
    }
}
