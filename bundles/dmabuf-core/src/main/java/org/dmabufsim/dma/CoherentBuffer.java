// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.PageRange;

/**
 * What {@code dma_alloc_coherent} returns: memory the CPU and the device see alike without
 * maintenance. For a non-coherent device the CPU mapping is write-combine (after
 * {@code arch_dma_prep_coherent} cleaned and invalidated the pages); for a coherent one it is cacheable.
 *
 * @param device name of the device it was allocated for
 * @param dmaAddress the device's address of the first byte
 * @param size bytes requested
 * @param pages the backing pages
 * @param cpu the CPU mapping ({@code cpu_addr})
 */
public record CoherentBuffer(String device, long dmaAddress, long size, PageRange pages, CpuMapping cpu) {
}
