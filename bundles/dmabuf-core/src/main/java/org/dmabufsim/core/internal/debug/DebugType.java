// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

/** {@code dma_debug_single}, {@code dma_debug_sg}, {@code dma_debug_coherent} with {@code type2name[]}. */
enum DebugType {
    SINGLE("single"),
    SG("scather-gather"),
    COHERENT("coherent");

    private final String kernelName;

    DebugType(String kernelName) {
        this.kernelName = kernelName;
    }

    /** The name dma-debug prints; "scather-gather" is the kernel's spelling. */
    String kernelName() {
        return kernelName;
    }
}
