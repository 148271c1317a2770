// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufsim.dmabuf.spi.CachingModel;
import org.dmabufsim.sim.Counters;

/**
 * The short answer to the seed's question, computed from the results: per pipeline which models are
 * correct, which correct one is cheapest, and what the others' maintenance costs per frame next to
 * it; then per model where it is correct, and what allocation costs. Stateless.
 */
final class Answer {

    private Answer() {
    }

    static void append(StringBuilder out, List<RunResult> results) {
        out.append("\nanswer (costs per frame, imports included; the cheapest is the one with the least modelled CPU")
                .append(" time)\n");
        TextTable.wrap(out, ComparisonReport.INDENT, ComparisonReport.INDENT + "  ", models(results),
                ComparisonReport.WIDTH);
        for (PipelineKind pipeline : PipelineKind.values()) {
            List<RunResult> rows = results.stream().filter(r -> r.spec().pipeline() == pipeline).toList();
            if (!rows.isEmpty()) {
                String extra = pipeline == PipelineKind.CAMERA_CPU_DISPLAY ? " " + cpuAccess(rows) : "";
                TextTable.wrap(out, ComparisonReport.INDENT, ComparisonReport.INDENT + "  ",
                        pipeline.title() + ": " + pipelineAnswer(rows) + extra, ComparisonReport.WIDTH);
            }
        }
        for (String why : Reasons.why(results)) {
            TextTable.wrap(out, ComparisonReport.INDENT, ComparisonReport.INDENT + "  ", why, ComparisonReport.WIDTH);
        }
        String allocation = allocation(results);
        if (!allocation.isEmpty()) {
            TextTable.wrap(out, ComparisonReport.INDENT, ComparisonReport.INDENT + "  ", allocation,
                    ComparisonReport.WIDTH);
        }
    }

    /** Correct models, the cheapest of them, the others' cost relative to it, and the failures. */
    static String pipelineAnswer(List<RunResult> rows) {
        List<RunResult> correct = rows.stream().filter(RunResult::correct).toList();
        StringBuilder s = new StringBuilder();
        if (correct.isEmpty()) {
            s.append("no model is correct.");
        } else {
            RunResult cheapest = correct.stream().min(Comparator.comparingLong((RunResult r) -> r.running().cpuNs())
                    .thenComparingLong(r -> r.running().linesWalked())).orElseThrow();
            s.append("correct under ").append(names(correct)).append("; the cheapest correct is ")
                    .append(ComparisonReport.label(cheapest)).append(" with ").append(perFrame(cheapest)).append('.');
            for (RunResult r : correct) {
                if (r != cheapest) {
                    s.append(' ').append(ComparisonReport.label(r)).append(": ").append(perFrame(r)).append(", ")
                            .append(ratio(r.running().cpuNs(), cheapest.running().cpuNs())).append(" the CPU time and ")
                            .append(ratio(r.running().linesWalked(), cheapest.running().linesWalked()))
                            .append(" the lines walked.");
                }
            }
        }
        if (rows.stream().map(r -> r.spec().era()).distinct().count() > 1) {
            s.append(" (These runs are on different arm64 eras; --era up-to-5.18 or --era from-5.19 compares them on"
                    + " one.)");
        }
        for (RunResult r : rows) {
            if (!r.correct()) {
                s.append(" Not correct: ").append(ComparisonReport.label(r)).append(" (").append(r.framesCorrect())
                        .append('/').append(r.frames()).append(" frames; ").append(String.join("; ", r.causes()))
                        .append(").");
            }
        }
        return s.toString();
    }

    /**
     * What begin_cpu_access(DMA_FROM_DEVICE) did before the CPU read the camera's frame, per run, and
     * who else invalidated it.
     */
    static String cpuAccess(List<RunResult> rows) {
        List<String> parts = new ArrayList<>();
        List<String> perFrame = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        List<String> emptyUnmap = new ArrayList<>();
        for (RunResult r : rows) {
            String label = ComparisonReport.label(r);
            parts.add(label + " " + r.cpuAccess().beginReadWalked() / r.frames());
            if (r.spec().cameraMapping() != CameraMapping.PER_FRAME) {
                kept.add(label);
            } else {
                (r.spec().model().equals(CachingModel.ION_4_9) ? emptyUnmap : perFrame).add(label);
            }
        }
        String s = "Lines begin_cpu_access(DMA_FROM_DEVICE) walked on A per frame: " + String.join(", ", parts) + ".";
        if (!perFrame.isEmpty()) {
            s += " Where camera0 maps A per frame (" + String.join(", ", perFrame) + "), its dma_unmap after every"
                    + " capture invalidates A, so the CPU's reads do not depend on begin_cpu_access.";
        }
        if (!emptyUnmap.isEmpty()) {
            s += " ION v4.9's unmap_dma_buf is empty, so under " + String.join(", ", emptyUnmap) + " only its next"
                    + " map_dma_buf's sync of the pages the CPU dirtied touches A.";
        }
        if (!kept.isEmpty()) {
            s += " Where camera0 keeps A mapped (" + String.join(", ", kept) + "), only begin_cpu_access can"
                    + " invalidate A before the CPU reads it.";
        }
        if (!perFrame.isEmpty() || !emptyUnmap.isEmpty()) {
            s += " --camera-mapping at-import runs every model with A kept mapped.";
        }
        return s;
    }

    /** Per frame, imports included: lines walked, written back, invalidated, CPU time. */
    static String perFrame(RunResult r) {
        Counters c = r.running();
        int n = r.frames();
        return String.format(Locale.ROOT, "%d lines walked, %d written back, %d invalidated, %s us of CPU",
                c.linesWalked() / n, c.linesWrittenBack() / n, c.linesInvalidated() / n,
                ComparisonReport.micros(c.cpuNs() / n));
    }

    private static String ratio(long value, long base) {
        if (base == 0) {
            return value == 0 ? "the same as" : "more than";
        }
        return String.format(Locale.ROOT, "%.2fx", (double) value / base);
    }

    /** Per model: the pipelines it is correct on, naming the flavour when not every flavour is. */
    static String models(List<RunResult> results) {
        Map<String, List<String>> correctOn = new LinkedHashMap<>();
        Map<String, Integer> pipelines = new LinkedHashMap<>();
        results.forEach(r -> correctOn.computeIfAbsent(r.spec().model(), m -> new ArrayList<>()));
        for (String model : correctOn.keySet()) {
            for (PipelineKind p : PipelineKind.values()) {
                List<RunResult> runs = results.stream()
                        .filter(r -> r.spec().pipeline() == p && r.spec().model().equals(model)).toList();
                List<RunResult> correct = runs.stream().filter(RunResult::correct).toList();
                pipelines.merge(model, runs.isEmpty() ? 0 : 1, Integer::sum);
                if (!correct.isEmpty()) {
                    correctOn.get(model).add(p.title() + (correct.size() == runs.size() ? ""
                            : " (" + correct.get(0).spec().flavour().label() + " only)"));
                }
            }
        }
        List<String> parts = new ArrayList<>();
        correctOn.forEach((model, on) -> parts.add(model + " is correct on " + (on.isEmpty() ? "no pipeline"
                : on.size() == pipelines.get(model) && on.size() > 1 && on.stream().noneMatch(x -> x.endsWith("only)"))
                        ? "every pipeline" : String.join(" and ", on))));
        return "Overall: " + String.join("; ", parts) + ".";
    }

    /** Models whose allocation did cache maintenance (ION v4.9's flush at allocation). */
    static String allocation(List<RunResult> results) {
        Map<String, RunResult> byModel = new LinkedHashMap<>();
        results.forEach(r -> byModel.putIfAbsent(r.spec().model(), r));
        List<String> flushing = new ArrayList<>();
        List<String> clean = new ArrayList<>();
        byModel.forEach((model, r) -> {
            Counters a = r.allocation();
            if (a.linesWalked() > 0) {
                flushing.add(String.format(Locale.ROOT, "%s walks %d lines (%d written back, %s us of CPU)", model,
                        a.linesWalked(), a.linesWrittenBack(), ComparisonReport.micros(a.cpuNs())));
            } else {
                clean.add(model);
            }
        });
        if (flushing.isEmpty()) {
            return "";
        }
        return "Allocation of A and B: " + String.join("; ", flushing) + " flushing the new pages before any device"
                + " uses them" + (clean.isEmpty() ? "" : "; " + String.join(", ", clean) + " walk none") + ".";
    }

    private static String names(List<RunResult> rows) {
        return String.join(", ", rows.stream().map(ComparisonReport::label).toList());
    }
}
