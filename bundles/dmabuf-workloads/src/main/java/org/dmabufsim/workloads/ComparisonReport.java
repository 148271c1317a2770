// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmabufsim.dma.DmaDebugError;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.sim.Arm64Era;
import org.dmabufsim.sim.Counters;
import org.dmabufsim.workloads.StageCheck.StageTotal;

/**
 * The job's text: a header, one block per pipeline (correctness, cost, verdicts, DMA-API warnings)
 * and the {@link Answer}. Plain text, aligned columns, at most {@value #WIDTH} columns. Stateless.
 */
final class ComparisonReport {
    static final int WIDTH = 120;
    static final String INDENT = "  ";
    private static final String ADVERSARIAL = "; the cache is adversarial: it prefetches every line of a DMA burst"
            + " before it and evicts every dirty one after it";

    private ComparisonReport() {
    }

    /** The report of {@code results} (in run order) for {@code args}. */
    static String format(JobArgs args, List<RunResult> results) {
        StringBuilder out = new StringBuilder();
        header(out, args, results);
        for (PipelineKind pipeline : PipelineKind.values()) {
            List<RunResult> rows = results.stream().filter(r -> r.spec().pipeline() == pipeline).toList();
            if (!rows.isEmpty()) {
                block(out, pipeline, rows, args);
            }
        }
        Answer.append(out, results);
        return out.toString();
    }

    /** The first line names seed, frames and size; then eras, flavours and buffers. */
    static void header(StringBuilder out, JobArgs args, List<RunResult> results) {
        out.append(String.format(Locale.ROOT, "dmabuf-sim caching-model comparison: seed %d, %d frames of %dx%dx%d"
                + " (%d bytes), models %s%n", args.seed(), args.frames(), args.width(), args.height(),
                JobArgs.BYTES_PER_PIXEL, args.frameBytes(), String.join(", ", args.models())));
        Map<Arm64Era, List<String>> eras = new LinkedHashMap<>();
        for (String model : args.models()) {
            eras.computeIfAbsent(args.era().eraFor(model), e -> new ArrayList<>()).add(model);
        }
        List<String> parts = new ArrayList<>();
        eras.forEach((era, models) -> parts.add(String.join(", ", models) + " on " + EraChoice.describe(era)));
        TextTable.wrap(out, "", "  ", String.format(Locale.ROOT, "era %s: %s; CPU cache %d KiB%s", args.era().option(),
                String.join("; ", parts), CacheConfig.defaults().capacityBytes() >> 10,
                args.adversarial() ? ADVERSARIAL : ""), WIDTH);
        TextTable.wrap(out, "flavours: ", " ".repeat(12), "upstream: " + Flavour.UPSTREAM.description(), WIDTH);
        TextTable.wrap(out, " ".repeat(10), " ".repeat(12), "vendor (ion-4.9 only): "
                + Flavour.V49_VENDOR.description(), WIDTH);
        if (args.cameraMapping() != null) {
            out.append("camera0: ").append(args.cameraMapping().description())
                    .append(" in every run (--camera-mapping)\n");
        }
        TextTable.wrap(out, "buffers: ", " ".repeat(9), "A from heap " + Rig.SYSTEM + ", B from heap " + Rig.RESERVED
                + " (CMA area " + Rig.CMA_AREA + "); both CPU-cached (ION_FLAG_CACHED under ION) except B under"
                + " ion-4.9, whose CMA heap refuses ION_FLAG_CACHED: write-combine for the CPU", WIDTH);
    }

    /**
     * How long camera0 keeps A mapped in {@code rows}: one description when all runs agree, else
     * per flavour, e.g. {@code mapped per frame in upstream runs, kept mapped from import in vendor runs}.
     */
    static String cameraMapping(List<RunResult> rows) {
        Map<Flavour, CameraMapping> byFlavour = new LinkedHashMap<>();
        rows.forEach(r -> byFlavour.put(r.spec().flavour(), r.spec().cameraMapping()));
        if (byFlavour.values().stream().distinct().count() == 1) {
            return byFlavour.values().iterator().next().description();
        }
        List<String> parts = new ArrayList<>();
        byFlavour.forEach((f, m) -> parts.add(m.description() + " in " + f.label() + " runs"));
        return String.join(", ", parts);
    }

    private static void block(StringBuilder out, PipelineKind pipeline, List<RunResult> rows, JobArgs args) {
        out.append('\n').append(pipeline.title()).append('\n');
        TextTable.wrap(out, INDENT, INDENT, pipeline.description(cameraMapping(rows)), WIDTH);
        out.append('\n');
        correctness(out, rows);
        out.append('\n');
        cost(out, rows);
        out.append('\n');
        verdicts(out, rows);
        warnings(out, rows);
    }

    private static void correctness(StringBuilder out, List<RunResult> rows) {
        List<StageTotal> stages = rows.get(0).stages();
        int n = stages.size() + 1;
        TextTable t = new TextTable("llr" + "r".repeat(n) + "rr");
        String[] group = new String[n + 5];
        group[0] = "correctness";
        group[2] = "frames";
        group[3] = "wrong bytes by stage";
        group[n + 3] = "IOMMU";
        group[n + 4] = "dma-debug";
        t.span(group);
        List<Object> head = new ArrayList<>(List.of("model", "flavour", "ok"));
        stages.forEach(s -> head.add(s.stage().label()));
        head.addAll(List.of("end-to-end", "faults", "errors"));
        t.row(head.toArray());
        for (RunResult r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.spec().model(), r.spec().flavour().label(),
                    r.framesCorrect() + "/" + r.frames()));
            r.stages().forEach(s -> cells.add(s.wrongBytes()));
            cells.addAll(List.of(r.endToEndWrongBytes(), r.iommuFaults(), total(r.dmaDebugErrors())));
            t.row(cells.toArray());
        }
        t.render(out, INDENT);
        out.append(INDENT).append("(a byte a stage never transferred counts as wrong unless it happens to match;"
                + " dma-debug: reports of\n").append(INDENT).append(" every class, listed by class below)\n");
    }

    /** Reports of every class: the correctness table's count (the classes follow under dma-debug). */
    static long total(Map<DmaDebugError, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static void cost(StringBuilder out, List<RunResult> rows) {
        TextTable t = new TextTable("llrrrrrrrrr");
        t.span("cost", null, "allocation", null, null, "imports and frames", null, null, null, null, null);
        t.row("model", "flavour", "walked", "wr.back", "CPU us", "walked", "wr.back", "invalid.", "bounced",
                "IOMMU pg", "CPU us");
        for (RunResult r : rows) {
            Counters a = r.allocation();
            Counters f = r.running();
            t.row(r.spec().model(), r.spec().flavour().label(), a.linesWalked(), a.linesWrittenBack(),
                    micros(a.cpuNs()),
                    f.linesWalked(), f.linesWrittenBack(), f.linesInvalidated(), f.bytesBounced(), f.iommuPagesMapped(),
                    micros(f.cpuNs()));
        }
        t.render(out, INDENT);
        out.append(INDENT).append("(cache lines walked, written back and invalidated by maintenance; bytes bounced"
                + " through swiotlb;\n").append(INDENT).append(" 4 KiB IOMMU pages mapped; modelled CPU time)\n");
    }

    /** Modelled nanoseconds as microseconds with one decimal. */
    static String micros(long ns) {
        return String.format(Locale.ROOT, "%.1f", ns / 1000.0);
    }

    private static void verdicts(StringBuilder out, List<RunResult> rows) {
        out.append(INDENT).append("verdict (data)\n");
        int labelWidth = rows.stream().mapToInt(r -> label(r).length()).max().orElse(0);
        for (RunResult r : rows) {
            String first = INDENT + pad(label(r), labelWidth) + "  ";
            TextTable.wrap(out, first, " ".repeat(first.length()), String.join("; ", r.causes()), WIDTH);
        }
    }

    /** DMA-API warnings, apart from the data verdict. */
    private static void warnings(StringBuilder out, List<RunResult> rows) {
        List<RunResult> warned = rows.stream().filter(r -> !r.dmaDebugErrors().isEmpty()).toList();
        if (warned.isEmpty()) {
            return;
        }
        out.append('\n').append(INDENT).append("dma-debug (DMA-API warnings, kept apart from the data verdict)\n");
        int labelWidth = warned.stream().mapToInt(r -> label(r).length()).max().orElse(0);
        for (RunResult r : warned) {
            String first = INDENT + pad(label(r), labelWidth) + "  ";
            TextTable.wrap(out, first, " ".repeat(first.length()), Warnings.explain(r), WIDTH);
        }
        for (String meaning : Warnings.meanings(warned)) {
            TextTable.wrap(out, INDENT, INDENT + "  ", meaning, WIDTH);
        }
    }

    static String label(RunResult r) {
        return r.spec().model() + " " + r.spec().flavour().label();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
