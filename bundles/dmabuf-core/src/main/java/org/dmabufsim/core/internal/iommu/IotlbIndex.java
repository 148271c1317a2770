// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.Arrays;

/**
 * The IOTLB's lookup table: an open-addressing map from a leaf key to a slot position, with linear
 * probing and backward-shift deletion, so a lookup neither boxes nor allocates. At most half full.
 * Its order is never iterated (replacement order lives in the IOTLB's slot list).
 *
 * <p>Not thread-safe: guarded by the owning domain's lock.
 */
final class IotlbIndex {
    private static final int EMPTY = -1;

    private final long[] keys;
    private final int[] values; // EMPTY marks a free bucket
    private final int shift;

    /** A table for up to {@code capacity} keys. */
    IotlbIndex(int capacity) {
        int buckets = Integer.highestOneBit(Math.max(8, capacity) * 4 - 1);
        this.keys = new long[buckets];
        this.values = new int[buckets];
        this.shift = 64 - Integer.numberOfTrailingZeros(buckets);
        Arrays.fill(values, EMPTY);
    }

    /** The value of {@code key}, or -1. */
    int get(long key) {
        int mask = values.length - 1;
        for (int i = bucket(key);; i = (i + 1) & mask) {
            int v = values[i];
            if (v == EMPTY || keys[i] == key) {
                return v;
            }
        }
    }

    void put(long key, int value) {
        int mask = values.length - 1;
        int i = bucket(key);
        while (values[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        keys[i] = key;
        values[i] = value;
    }

    void remove(long key) {
        int mask = values.length - 1;
        int i = bucket(key);
        while (values[i] != EMPTY && keys[i] != key) {
            i = (i + 1) & mask;
        }
        if (values[i] == EMPTY) {
            return;
        }
        // backward-shift: move later members of the probe run into the hole so lookups stay correct
        int hole = i;
        for (int j = (hole + 1) & mask; values[j] != EMPTY; j = (j + 1) & mask) {
            int home = bucket(keys[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = EMPTY;
    }

    void clear() {
        Arrays.fill(values, EMPTY);
    }

    private int bucket(long key) {
        return (int) ((key * 0x9e3779b97f4a7c15L) >>> shift);
    }
}
