// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dma;

/**
 * A live mapping in dma-debug's table ({@code struct dma_debug_entry}).
 *
 * @param driver device driver
 * @param device device name
 * @param type {@code "single"}, {@code "scather-gather"} (sic) or {@code "coherent"}
 * @param dmaAddress device address
 * @param size bytes
 * @param phys physical address of the CPU side
 * @param direction mapping direction
 * @param sgCallEnts for sg entries: the {@code nents} passed to map
 * @param sgMappedEnts for sg entries: the count map returned
 * @param mapErrorChecked for single mappings: whether {@code dma_mapping_error()} was called
 */
public record DmaDebugEntry(String driver, String device, String type, long dmaAddress, long size, long phys,
        DmaDirection direction, int sgCallEnts, int sgMappedEnts, boolean mapErrorChecked) {
}
