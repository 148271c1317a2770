// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.camera;

import static org.dmabufsim.device.common.DeviceFixture.SMALL_FRAME;
import static org.dmabufsim.device.common.DeviceFixture.SYSTEM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.dmabufsim.device.FrameResult;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.device.common.DeviceFixture;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.IommuFault;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.dma.StepResult;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The camera under ION v4.9's one shared table with {@code sg_dma_address = sg_phys} (rules 37, 38). */
class CameraIon49Test {
    @AutoClose
    private final DeviceFixture f = new DeviceFixture(CachingModel.ION_4_9);

    @Test
    void rule37_trustingTheTableHandsTheIommuCameraPhysicalAddressesAndItFaults() {
        CameraDriver cam = f.driver(new CameraDeviceFactory(), DeviceFixture.small("camera0", "camera"));
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp = cam.importBuffer(buf, DmaDirection.FROM_DEVICE);

        FrameResult r = cam.produce(imp, 0);

        assertFalse(r.ok());
        StepResult step = r.jobs().get(0).step(0);
        assertEquals(MemTxResult.ACCESS_ERROR, step.result());
        assertEquals(0, step.bytesDone());
        List<IommuFault> faults = cam.device().iommu().orElseThrow().faults();
        assertEquals(1, faults.size());
        IommuFault fault = faults.get(0);
        assertEquals("camera0", fault.device());
        assertTrue(fault.write());
        assertEquals(IommuFault.Reason.TRANSLATION, fault.reason());
        // the IOVA the camera used is the physical address ION put in the table (a page above
        // 4 GiB), cut to the 32 address bits the camera drives: lower_32_bits(sg_phys)
        assertEquals(step.fault(), fault);
        long phys = f.sim().dmabufs().pageBuffer(buf).orElseThrow().pages().get(0).phys();
        assertTrue(phys > 0xffff_ffffL, Long.toHexString(phys));
        assertEquals(phys & 0xffff_ffffL, fault.iova());
        assertEquals(1, f.sim().counters().iommuFaults());
        // the failed frame still unmapped: nothing is left behind
        assertEquals(List.of(), f.sim().dmaDebug().entries());
    }

    @Test
    void rule37_mapTableWritesTheCamerasIovasIntoTheSharedTableForEveryImporter() {
        CameraDriver cam0 = f.driver(new CameraDeviceFactory(), DeviceFixture.small("camera0", "camera")
                .with("import.mode", "map-table").with("mapping.policy", "at-import"));
        CameraDriver cam1 = f.driver(new CameraDeviceFactory(), DeviceFixture.small("camera1", "camera")
                .with("mapping.policy", "at-import"));
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp0 = cam0.importBuffer(buf, DmaDirection.FROM_DEVICE);
        SgTable shared = cam0.mappedTable(imp0).orElseThrow();
        long iova = shared.get(0).dmaAddress();
        assertNotEquals(shared.get(0).phys(), iova);
        assertEquals(shared.get(0).phys(),
                cam0.device().iommu().orElseThrow().translate(iova).orElseThrow().translatedAddr());
        assertTrue(cam0.produce(imp0, 0).ok());

        // the second importer trusts the table ION hands it: it is the same table, with camera0's IOVAs
        ImportedBuffer imp1 = cam1.importBuffer(buf, DmaDirection.FROM_DEVICE);
        assertSame(shared, cam1.mappedTable(imp1).orElseThrow());
        assertEquals(iova, cam1.mappedTable(imp1).orElseThrow().get(0).dmaAddress());
        FrameResult r = cam1.produce(imp1, 1);
        assertFalse(r.ok());
        assertEquals(iova, cam1.device().iommu().orElseThrow().faults().get(0).iova());
        assertTrue(cam0.produce(imp0, 2).ok());
    }

    @Test
    void mapTablePerFrameWorksForTheCameraAlone() {
        CameraDriver cam = f.driver(new CameraDeviceFactory(), DeviceFixture.small("camera0", "camera")
                .with("import.mode", "map-table"));
        DmaBuf buf = f.alloc(SYSTEM, SMALL_FRAME);
        ImportedBuffer imp = cam.importBuffer(buf, DmaDirection.FROM_DEVICE);
        for (long frame = 0; frame < 3; frame++) {
            assertTrue(cam.produce(imp, frame).ok());
        }
        assertEquals(0, f.sim().counters().iommuFaults());
        cam.close();
        assertEquals(List.of(), f.sim().dmaDebug().entries());
        assertEquals(0, f.sim().dmaDebug().errorCount());
    }
}
