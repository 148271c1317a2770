// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dmabufsim.device.FramePattern;
import org.junit.jupiter.api.Test;

class StageCheckTest {

    @Test
    void countsWrongBytesAndFramesWithAny() {
        StageCheck check = new StageCheck(Stage.CPU_READ);
        assertEquals(0, check.check(new byte[] {1, 2, 3}, new byte[] {1, 2, 3}));
        assertEquals(2, check.check(new byte[] {1, 0, 0}, new byte[] {1, 2, 3}));
        assertEquals(new StageCheck.StageTotal(Stage.CPU_READ, 2, 1), check.total());
    }

    @Test
    void bytesAfterWhatWasProducedAreWrong() {
        StageCheck check = new StageCheck(Stage.DISPLAY);
        assertEquals(3, check.check(new byte[] {1, 9, 0, 0}, 2, new byte[] {1, 2, 0, 0}));
        assertEquals(4, check.check(new byte[4], 0, new byte[4]));
        assertEquals(new StageCheck.StageTotal(Stage.DISPLAY, 7, 2), check.total());
    }

    @Test
    void mismatchesCountsEveryDifferenceAcrossBlocks() {
        byte[] a = Frames.sensor(1, 20_000);
        byte[] b = a.clone();
        int[] changed = {0, 1, 4095, 4096, 4097, 8191, 12_000, 19_999};
        for (int i : changed) {
            b[i]++;
        }
        assertEquals(changed.length, StageCheck.mismatches(a, b, a.length));
        assertEquals(3, StageCheck.mismatches(a, b, 4096));
        assertEquals(0, StageCheck.mismatches(a, a.clone(), a.length));
        assertEquals(20_000, StageCheck.mismatches(a, Frames.cpuPost(a), a.length));
    }

    @Test
    void framesAreThePatternsOfTheDeviceModels() {
        byte[] sensor = Frames.sensor(3, 100);
        for (int i = 0; i < 100; i++) {
            assertEquals(FramePattern.sensor(3, i), sensor[i]);
            assertEquals(FramePattern.cpuPost(sensor[i]), Frames.cpuPost(sensor)[i]);
            assertEquals(FramePattern.gpu(sensor[i]), Frames.gpu(sensor)[i]);
        }
    }
}
