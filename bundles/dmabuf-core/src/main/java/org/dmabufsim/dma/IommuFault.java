// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * An IOMMU fault, reported as a value.
 *
 * @param device the device that faulted
 * @param iova the input address of the access
 * @param write whether the access was a write
 * @param reason why it faulted
 * @param timeNs modelled time of the fault
 */
public record IommuFault(String device, long iova, boolean write, Reason reason, long timeNs) {

    /** Why a translation failed. */
    public enum Reason {
        /** No valid entry for the IOVA. */
        TRANSLATION,
        /** An entry exists but does not allow the access. */
        PERMISSION
    }
}
