// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

/**
 * How long camera0 keeps A mapped ({@code --camera-mapping}, the camera's {@code mapping.policy}). It
 * decides who invalidates the CPU cache after a capture: a camera that unmaps after every frame does
 * it itself ({@code dma_unmap_sg}); one that keeps its mapping leaves it to the exporter's
 * {@code begin_cpu_access}, which ION v4.9 left empty.
 */
enum CameraMapping {
    /** V4L2 videobuf2: {@code dma_buf_map_attachment} at QBUF, unmap at DQBUF (the camera model's default). */
    PER_FRAME("per-frame", "mapped per frame"),
    /** Mapped once at import and kept, as drivers that map a buffer once (DRM PRIME, many vendor drivers) do. */
    AT_IMPORT("at-import", "kept mapped from import");

    private final String option;
    private final String description;

    CameraMapping(String option, String description) {
        this.option = option;
        this.description = description;
    }

    /** The {@code --camera-mapping} value and the camera's {@code mapping.policy}. */
    String option() {
        return option;
    }

    /** For the report, e.g. {@code mapped per frame}. */
    String description() {
        return description;
    }

    /** The choice of that value, or {@code null}. */
    static CameraMapping of(String option) {
        for (CameraMapping m : values()) {
            if (m.option.equals(option)) {
                return m;
            }
        }
        return null;
    }
}
