// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.mem;

/**
 * Buddy-allocator zones. An allocation for a zone may fall back to lower zones, never to higher
 * ones, as with the kernel's zonelists.
 */
public enum Zone {
    /** Physical addresses below 4 GiB. */
    DMA32,
    /** All system RAM; allocations prefer memory above 4 GiB and fall back to DMA32. */
    NORMAL
}
