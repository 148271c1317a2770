// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/** Memory attributes of a CPU mapping (arm64 MAIR types). */
public enum MemAttr {
    /** Normal write-back cacheable: accesses go through the cache. */
    CACHEABLE,
    /**
     * Normal non-cacheable ({@code pgprot_writecombine}): reads go to DRAM, writes collect in a
     * write-combine buffer until {@link Cpu#barrier()} (or {@link CpuMapping#unmap()}) drains them to
     * DRAM. The cache is not consulted, so a line the prefetcher brought in through the linear-map
     * alias stays as it was.
     */
    WRITE_COMBINE,
    /** Device-nGnRE ({@code pgprot_noncached}): every access goes to DRAM at once. */
    DEVICE
}
