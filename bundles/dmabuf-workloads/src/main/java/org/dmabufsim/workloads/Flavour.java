// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.dmabuf.spi.CachingModel;

/**
 * How the importing drivers get their DMA addresses (device property {@code import.mode}).
 */
enum Flavour {
    /**
     * Every importer programs its device from the table {@code dma_buf_map_attachment} returned; the
     * camera maps A per frame, as V4L2 videobuf2 does.
     */
    UPSTREAM("upstream", "every importer trusts the table dma_buf_map_attachment returns",
            CameraMapping.PER_FRAME),
    /**
     * ION v4.9 handed every importer its one shared table with {@code dma_address = phys}, useless to a
     * device behind an IOMMU; the vendor drivers of that era (camera, GPU) called {@code dma_map_sg} on
     * that table themselves ({@code import.mode=map-table}), writing their IOVAs into it, once per
     * buffer: the IOMMU mapping was kept for the buffer's life (as {@code msm_dma_map_sg_lazy} did)
     * instead of being rebuilt for every frame.
     */
    V49_VENDOR("vendor", "camera0 and gpu0 (behind IOMMUs) dma_map_sg ION's shared table themselves,"
            + " once, and keep the mapping (as msm_dma_map_sg_lazy did)", CameraMapping.AT_IMPORT);

    private static final String IMPORT_MODE = "import.mode";

    private final String label;
    private final String description;
    private final CameraMapping cameraMapping;

    Flavour(String label, String description, CameraMapping cameraMapping) {
        this.label = label;
        this.description = description;
        this.cameraMapping = cameraMapping;
    }

    /** How long camera0 keeps A mapped in this flavour unless {@code --camera-mapping} says otherwise. */
    CameraMapping cameraMapping() {
        return cameraMapping;
    }

    /** As the report prints it. */
    String label() {
        return label;
    }

    /** One line for the report's header. */
    String description() {
        return description;
    }

    /** The flavours a model is run with: upstream always, the vendor flavour for ion-4.9 only. */
    static List<Flavour> forModel(String model) {
        return model.equals(CachingModel.ION_4_9) ? List.of(UPSTREAM, V49_VENDOR) : List.of(UPSTREAM);
    }

    /** {@code config} with this flavour's import mode: map-table for the IOMMU importers of the vendor flavour. */
    DeviceConfig configure(DeviceConfig config, boolean behindIommu) {
        boolean mapTable = this == V49_VENDOR && behindIommu;
        return config.with(IMPORT_MODE, mapTable ? "map-table" : "trust");
    }
}
