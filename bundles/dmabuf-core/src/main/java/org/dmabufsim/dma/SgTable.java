// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * {@code struct sg_table}: {@link #origNents()} CPU entries; after mapping, the first {@link #nents()}
 * entries carry the (possibly merged) DMA segments. Created by {@link DmaMapping#newSgTable} and friends.
 *
 * @ThreadSafe
 */
@ProviderType
public interface SgTable {

    /** {@code sgt->orig_nents}: CPU entries. */
    int origNents();

    /** {@code sgt->nents}: DMA segments after {@link DmaMapping#mapSgtable}; {@link #origNents()} before. */
    int nents();

    /** Entry {@code i}, {@code 0 <= i < origNents()}. */
    Scatterlist get(int i);

    /** All {@link #origNents()} entries, in order. */
    List<Scatterlist> entries();

    /** Sum of the CPU lengths. */
    long totalLength();
}
