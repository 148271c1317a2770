// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.Locale;

/** The pipelines the job compares, in report order. */
enum PipelineKind {
    CAMERA_CPU_DISPLAY("camera -> CPU -> display",
            "camera0 captures into A (system heap; %s); the CPU mmaps A and B, reads A"
                    + " inside begin/end_cpu_access(DMA_FROM_DEVICE), writes the inverted frame into B inside"
                    + " begin/end_cpu_access(DMA_TO_DEVICE); display0 scans B out (reserved CMA heap; DRM PRIME:"
                    + " mapped at import)"),
    CAMERA_GPU_DISPLAY("camera -> GPU -> display",
            "camera0 captures into A (system heap; %s); gpu0 (IO-coherent) reads A and renders"
                    + " into B (both mapped at import); display0 scans B out (reserved CMA heap; mapped at import,"
                    + " after the GPU imported B)");

    private final String title;
    private final String description;

    PipelineKind(String title, String description) {
        this.title = title;
        this.description = description;
    }

    /** E.g. {@code camera -> CPU -> display}. */
    String title() {
        return title;
    }

    /** What runs, for the report, with how long the camera keeps A mapped (e.g. {@code mapped per frame}). */
    String description(String cameraMapping) {
        return String.format(Locale.ROOT, description, cameraMapping);
    }

    /** A new instance of the pipeline on {@code rig}, checking against {@code sensorFrames}. */
    Pipeline create(Rig rig, SensorFrames sensorFrames) {
        return switch (this) {
            case CAMERA_CPU_DISPLAY -> new CameraCpuDisplay(rig, sensorFrames);
            case CAMERA_GPU_DISPLAY -> new CameraGpuDisplay(rig, sensorFrames);
        };
    }
}
