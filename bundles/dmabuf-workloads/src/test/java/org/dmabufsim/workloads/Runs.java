// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Runs the comparison for tests and picks rows out of it. */
final class Runs {

    /** The verdict of a display handed the GPU's IOVAs (ion-4.9 vendor, camera -> GPU -> display). */
    static final String DISPLAY_HANDED_GPU_IOVAS = "the display was handed the GPU's IOVAs as bus addresses: the shared"
            + " table was overwritten";

    private Runs() {
    }

    /** Every run of the plan for {@code args}, in report order. */
    static List<RunResult> run(String... args) {
        JobArgs parsed = JobArgs.parse(args);
        return new CachingModelComparison(TestFactories.all()).runAll(CachingModelComparison.plan(parsed), parsed);
    }

    static RunResult row(List<RunResult> results, PipelineKind pipeline, String model, Flavour flavour) {
        return results.stream().filter(r -> r.spec().pipeline() == pipeline && r.spec().model().equals(model)
                && r.spec().flavour() == flavour).findFirst().orElseThrow();
    }

    /** Every frame right, no wrong byte anywhere, no fault, verdict "correct". */
    static void assertCorrect(RunResult r) {
        String what = r.spec().toString();
        assertEquals(List.of("correct"), r.causes(), what);
        assertEquals(r.frames(), r.framesCorrect(), what);
        assertEquals(0, r.endToEndWrongBytes(), what);
        r.stages().forEach(s -> assertEquals(0, s.wrongBytes(), what + " " + s.stage()));
        assertEquals(0, r.iommuFaults(), what);
        assertEquals(true, r.correct(), what);
    }
}
