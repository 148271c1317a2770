// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import org.dmabufsim.dma.IommuMapping;

/**
 * The page table's leaves by first page ({@code iova >>> 12}), for the device's walk: an
 * open-addressing map with linear probing and backward-shift deletion that grows to stay at most half
 * full, so a lookup neither boxes nor chases tree nodes. Never iterated.
 *
 * <p>Not thread-safe: guarded by the owning domain's lock.
 */
final class LeafMap {
    private long[] keys = new long[16];
    private IommuMapping[] values = new IommuMapping[16]; // null marks a free bucket
    private int size;

    /** The leaf whose first page is {@code page}, or {@code null}. */
    IommuMapping get(long page) {
        int mask = values.length - 1;
        for (int i = bucket(page, mask);; i = (i + 1) & mask) {
            IommuMapping v = values[i];
            if (v == null || keys[i] == page) {
                return v;
            }
        }
    }

    void put(long page, IommuMapping leaf) {
        if (2 * (size + 1) > values.length) {
            grow();
        }
        int mask = values.length - 1;
        int i = bucket(page, mask);
        while (values[i] != null && keys[i] != page) {
            i = (i + 1) & mask;
        }
        size += values[i] == null ? 1 : 0;
        keys[i] = page;
        values[i] = leaf;
    }

    void remove(long page) {
        int mask = values.length - 1;
        int i = bucket(page, mask);
        while (values[i] != null && keys[i] != page) {
            i = (i + 1) & mask;
        }
        if (values[i] == null) {
            return;
        }
        size--;
        int hole = i; // backward shift: later members of the probe run move into the hole
        for (int j = (hole + 1) & mask; values[j] != null; j = (j + 1) & mask) {
            if (((j - bucket(keys[j], mask)) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = null;
    }

    private void grow() {
        long[] oldKeys = keys;
        IommuMapping[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new IommuMapping[oldValues.length * 2];
        size = 0;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    private static int bucket(long page, int mask) {
        return (int) ((page * 0x9e3779b97f4a7c15L) >>> 32) & mask;
    }
}
