// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmabufsim.core.internal.debug.TestDevice;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.dmabuf.ResvUsage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A9: {@code /sys/kernel/debug/dma_buf/bufinfo}, byte for byte (rule 34). */
class BufInfoTest {
    private static final String HEADER = "\nDma-buf Objects:\n"
            + "size    \tflags   \tmode    \tcount   \texp_name\tino     \tname\n";

    private final Fixture f = new Fixture();
    private final TestDevice cam = new TestDevice("1a000000.camera");
    private final TestDevice gpu = new TestDevice("1b000000.gpu");

    private DmaBuf export(String expName, long size, int flags) {
        return f.bufs.export(new ExportInfo(expName, size, new RecordingOps(), flags, Fixture.OWNER));
    }

    @Test
    @DisplayName("A9 / rule 34: no buffers")
    void a9_empty() {
        assertEquals(HEADER + "\nTotal 0 objects, 0 bytes\n", f.bufs.bufinfo());
    }

    @Test
    @DisplayName("A9 / rule 34: one named, attached buffer")
    void a9_oneBuffer() {
        DmaBuf buf = export("system", 4096, ExportInfo.O_RDWR | ExportInfo.O_CLOEXEC);
        buf.setName("camera-preview");
        buf.attach(cam);
        assertEquals(HEADER
                + "00004096\t00000002\t00080007\t00000001\tsystem\t00000001\tcamera-preview\n"
                + "\tAttached Devices:\n"
                + "\t1a000000.camera\n"
                + "Total 1 devices attached\n\n"
                + "\nTotal 1 objects, 4096 bytes\n", f.bufs.bufinfo());
    }

    @Test
    @DisplayName("A9 / rule 34: three buffers newest first, with fences, names and attachments")
    void a9_threeBuffers() {
        DmaBuf first = export("system", 4096, ExportInfo.O_RDWR);
        first.setName("camera-preview");
        first.attach(cam);
        DmaBuf second = export("ion", 8192, ExportInfo.O_RDWR | ExportInfo.O_CLOEXEC);
        second.get(Owner.device("1b000000.gpu"));
        second.attach(cam);
        second.attach(gpu);
        second.resv().addFence(new TestFence("camera", "cam0", 1, 42), ResvUsage.WRITE);
        TestFence done = new TestFence("gpu", "gfx", 2, 7);
        second.resv().addFence(done, ResvUsage.READ);
        done.signal();
        DmaBuf third = export("cma", 1 << 20, ExportInfo.O_RDONLY);
        third.setName("display");
        third.resv().addFence(new TestFence("mover", "sdma0", 3, 5), ResvUsage.KERNEL);
        third.resv().addFence(new TestFence("vm", "pt", 4, 9), ResvUsage.BOOKKEEP);

        assertEquals(HEADER
                + "01048576\t00000000\t00080005\t00000001\tcma\t00000003\tdisplay\n"
                + "\tkernel fence:mover sdma0 seq 5 unsignalled\n"
                + "\tAttached Devices:\n"
                + "Total 0 devices attached\n\n"
                + "00008192\t00000002\t00080007\t00000002\tion\t00000002\t<none>\n"
                + "\twrite fence:camera cam0 seq 42 unsignalled\n"
                + "\tAttached Devices:\n"
                + "\t1b000000.gpu\n"
                + "\t1a000000.camera\n"
                + "Total 2 devices attached\n\n"
                + "00004096\t00000002\t00080007\t00000001\tsystem\t00000001\tcamera-preview\n"
                + "\tAttached Devices:\n"
                + "\t1a000000.camera\n"
                + "Total 1 devices attached\n\n"
                + "\nTotal 3 objects, 1060864 bytes\n", f.bufs.bufinfo());
    }

    @Test
    @DisplayName("A9 / rule 4: a released buffer leaves bufinfo")
    void a9_releasedBufferLeaves() {
        DmaBuf buf = export("system", 4096, ExportInfo.O_RDWR);
        buf.put(Fixture.OWNER);
        assertEquals(HEADER + "\nTotal 0 objects, 0 bytes\n", f.bufs.bufinfo());
    }
}
