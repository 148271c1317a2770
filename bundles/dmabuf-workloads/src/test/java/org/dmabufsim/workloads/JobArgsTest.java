// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JobArgsTest {

    @Test
    void noArgumentsGiveTheDefaults() {
        JobArgs args = JobArgs.parse();
        assertEquals(JobArgs.defaults(), args);
        assertEquals(8, args.frames());
        assertEquals(0, args.seed());
        assertEquals(1920 * 1080 * 4, args.frameBytes());
        assertEquals(List.of("ion-4.9", "ion-4.12", "dma-heap"), args.models());
        assertEquals(EraChoice.NATIVE, args.era());
        assertEquals(null, args.cameraMapping());
        assertEquals(CameraMapping.PER_FRAME, args.cameraMappingFor(Flavour.UPSTREAM));
        assertEquals(CameraMapping.AT_IMPORT, args.cameraMappingFor(Flavour.V49_VENDOR));
        assertFalse(args.adversarial());
        assertFalse(args.help());
    }

    @Test
    void everyOptionInBothForms() {
        JobArgs args = JobArgs.parse("--frames", "3", "--seed=-7", "--width", "64", "--height=32", "--models",
                "dma-heap, ion-4.12", "--era=up-to-5.18", "--adversarial", "--camera-mapping", "at-import");
        assertEquals(new JobArgs(3, -7, 64, 32, List.of("dma-heap", "ion-4.12"), EraChoice.UP_TO_5_18, true,
                CameraMapping.AT_IMPORT, false), args);
        assertEquals(CameraMapping.AT_IMPORT, args.cameraMappingFor(Flavour.UPSTREAM));
        assertEquals(CameraMapping.PER_FRAME, JobArgs.parse("--camera-mapping", "per-frame")
                .cameraMappingFor(Flavour.V49_VENDOR));
        assertTrue(JobArgs.parse("--help").help());
        assertTrue(JobArgs.parse("-h").help());
        assertEquals(EraChoice.FROM_5_19, JobArgs.parse("--era", "from-5.19").era());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--frames 0", "--frames 1001", "--frames x", "--width 0", "--height 8193", "--era 4.9",
        "--models ion-4.9,ion-4.9", "--models ION", "--models a,,b", "--camera-mapping lazy", "--bogus 1",
        "--adversarial=yes", "--width 4096 --height 4097", "--seed"})
    void badArgumentsThrowWithTheUsage(String line) {
        UsageException e = assertThrows(UsageException.class, () -> JobArgs.parse(line.split(" ")));
        assertTrue(e.getMessage().startsWith("bad arguments: " + e.problem() + "\n\n"), e.getMessage());
        assertTrue(e.getMessage().endsWith(JobArgs.USAGE), e.getMessage());
    }

    @Test
    void problemsNameWhatWasWrong() {
        assertEquals("--frames 0 is outside 1..1000", problem("--frames", "0"));
        assertEquals("--seed needs a value", problem("--seed"));
        assertEquals("unknown option '--bogus'", problem("--bogus", "1"));
        assertEquals("--models 'a,a' names a twice", problem("--models", "a,a"));
        assertEquals("--era 'x': up-to-5.18, from-5.19 or native", problem("--era", "x"));
        assertEquals("a frame of 8192x8192x4 is more than 64 MiB", problem("--width", "8192", "--height", "8192"));
    }

    private static String problem(String... args) {
        return assertThrows(UsageException.class, () -> JobArgs.parse(args)).problem();
    }

    @Test
    void nativeEraPutsIonOnTheSeedEraAndTheRestOnTheModernOne() {
        assertEquals(org.dmabufsim.sim.Arm64Era.UP_TO_5_18, EraChoice.NATIVE.eraFor("ion-4.9"));
        assertEquals(org.dmabufsim.sim.Arm64Era.UP_TO_5_18, EraChoice.NATIVE.eraFor("ion-4.12"));
        assertEquals(org.dmabufsim.sim.Arm64Era.FROM_5_19, EraChoice.NATIVE.eraFor("dma-heap"));
        assertEquals(org.dmabufsim.sim.Arm64Era.FROM_5_19, EraChoice.FROM_5_19.eraFor("ion-4.9"));
        assertEquals(org.dmabufsim.sim.Arm64Era.UP_TO_5_18, EraChoice.UP_TO_5_18.eraFor("dma-heap"));
    }
}
