// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

import java.util.Objects;

/**
 * One step of a {@link DmaJob}, in device (DMA) addresses. A step runs in bursts of
 * {@link DmaJob#BURST_BYTES}; between bursts the CPU cache has its events (prefetch, eviction).
 */
public sealed interface DmaStep permits DmaStep.Read, DmaStep.Write, DmaStep.Fill, DmaStep.Copy {

    /** Bytes the step transfers. */
    long length();

    /** The device reads {@code length} bytes at {@code dmaAddress}; the data is in the step's result. */
    record Read(long dmaAddress, long length) implements DmaStep {
        public Read {
            if (length < 1 || length > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("read length " + length);
            }
        }
    }

    /** The device writes {@code data} at {@code dmaAddress}. */
    record Write(long dmaAddress, byte[] data) implements DmaStep {
        public Write {
            Objects.requireNonNull(data, "data");
            if (data.length == 0) {
                throw new IllegalArgumentException("empty write");
            }
        }

        @Override
        public long length() {
            return data.length;
        }
    }

    /** The device writes {@code length} copies of {@code value} at {@code dmaAddress}. */
    record Fill(long dmaAddress, long length, byte value) implements DmaStep {
        public Fill {
            if (length < 1) {
                throw new IllegalArgumentException("fill length " + length);
            }
        }
    }

    /** The device copies {@code length} bytes from {@code srcDmaAddress} to {@code dstDmaAddress}, burst by burst. */
    record Copy(long srcDmaAddress, long dstDmaAddress, long length) implements DmaStep {
        public Copy {
            if (length < 1) {
                throw new IllegalArgumentException("copy length " + length);
            }
        }
    }
}
