// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Why the correct runs were correct, from what was measured in them: whether the IOMMU importers
 * worked through IOVAs of their own with no table changing under them, and what begin/end_cpu_access
 * did before and after the CPU's access. One sentence per model with a correct run. Stateless.
 */
final class Reasons {

    private Reasons() {
    }

    static List<String> why(List<RunResult> results) {
        Map<String, List<String>> facts = new LinkedHashMap<>();
        for (RunResult r : results) {
            if (r.correct()) {
                facts.computeIfAbsent(ComparisonReport.label(r), m -> new ArrayList<>()).add(facts(r));
            }
        }
        List<String> out = new ArrayList<>();
        facts.forEach((label, list) -> out.add("Why " + label + " is correct: " + String.join("; ", list) + "."));
        return out;
    }

    /** What one correct run showed. */
    static String facts(RunResult r) {
        int n = r.frames();
        List<String> parts = new ArrayList<>();
        if (r.running().iommuPagesMapped() > 0 && r.handedBy().isEmpty()) {
            parts.add(String.format(Locale.ROOT, "the IOMMU importers used IOVAs they had mapped (%d IOMMU pages"
                    + " mapped per frame, imports included) and none was handed another importer's IOVAs",
                    r.running().iommuPagesMapped() / n));
        }
        if (r.spec().pipeline() == PipelineKind.CAMERA_CPU_DISPLAY) {
            long begin = r.cpuAccess().beginReadWalked() / n;
            String s = String.format(Locale.ROOT, "begin/end_cpu_access walked %d lines per frame, %d of them in"
                    + " begin_cpu_access(DMA_FROM_DEVICE) on A", r.cpuAccess().allWalked() / n, begin);
            if (r.spec().cameraMapping() == CameraMapping.PER_FRAME) {
                s += begin > 0 ? " for the camera's attachment although it was not mapped"
                        : ": the camera's dma_unmap after each frame had invalidated A";
            }
            parts.add(s);
        }
        String what = parts.isEmpty() ? "nothing went wrong" : String.join(", ", parts);
        return "on " + r.spec().pipeline().title() + " " + what;
    }
}
