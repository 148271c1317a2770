// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import org.dmabufsim.device.camera.CameraDeviceFactory;
import org.dmabufsim.device.display.DisplayDeviceFactory;
import org.dmabufsim.device.gpu.GpuDeviceFactory;
import org.dmabufsim.heap.cma.CmaHeapFactory;
import org.dmabufsim.heap.system.SystemHeapFactory;

/** The factories the launcher's bundles contribute, as plain objects. */
final class TestFactories {

    private TestFactories() {
    }

    static Factories all() {
        return Factories.of(List.of(new SystemHeapFactory(), new CmaHeapFactory()),
                List.of(new CameraDeviceFactory(), new DisplayDeviceFactory(), new GpuDeviceFactory()));
    }
}
