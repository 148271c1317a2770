// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

/**
 * A step of a pipeline whose output the content oracle checks against what that step should have
 * produced from its actual input, so a wrong byte is counted where it went wrong, once.
 */
enum Stage {
    /** DRAM of buffer A after the camera's frame, against the sensor's bytes. */
    CAMERA("camera"),
    /** What the CPU read from A, against DRAM after the camera. */
    CPU_READ("cpu read"),
    /** DRAM of buffer B after the CPU's writes and end_cpu_access, against what the CPU wrote. */
    CPU_WRITE("cpu write"),
    /** What the GPU read from A, against DRAM after the camera. */
    GPU_READ("gpu read"),
    /** DRAM of B after the GPU's frame, against the shader applied to what the GPU read. */
    GPU_WRITE("gpu write"),
    /** What the display scanned out, against DRAM of B before the scanout. */
    DISPLAY("display");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The report's column heading. */
    String label() {
        return label;
    }
}
