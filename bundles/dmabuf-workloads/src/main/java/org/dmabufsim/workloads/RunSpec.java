// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.Objects;
import org.dmabufsim.sim.Arm64Era;

/**
 * One run of the comparison: a pipeline under a caching model with one driver flavour, in a private
 * simulation of the given era.
 *
 * @param pipeline which pipeline
 * @param model the caching model of both heaps
 * @param flavour how the importers get their DMA addresses
 * @param era the arm64 era of the run's DMA layer
 * @param cameraMapping how long camera0 keeps A mapped
 */
record RunSpec(PipelineKind pipeline, String model, Flavour flavour, Arm64Era era, CameraMapping cameraMapping) {

    RunSpec {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(era, "era");
        Objects.requireNonNull(cameraMapping, "cameraMapping");
    }

    @Override
    public String toString() {
        return pipeline.title() + " / " + model + " / " + flavour.label();
    }
}
