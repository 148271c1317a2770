// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.io.PrintStream;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The ratio table: for each pair of a simulated operation and its raw-Java baseline measured in the
 * same run, both mean times with their JMH error (99.9 % confidence half-width), the ratio with its
 * propagated error, and the perf-anchors goal. Immutable.
 */
final class RatioReport {

    /** How a pair's ratio is formed and judged. */
    enum Kind {
        /** baseline / sim: the fraction of raw-copy speed the simulation reaches; higher is better. */
        THROUGHPUT,
        /** sim / baseline: what the simulated operation costs in baselines; lower is better. */
        COST
    }

    /** One simulated operation and its baseline, by JMH benchmark name. */
    record Pair(String title, String sim, String baseline, Kind kind, double goal, double stretch, String anchor) {
    }

    static final List<Pair> PAIRS = List.of(
            new Pair("8 MiB device copy, strict IOMMU", DmaCopyBenchmark.class.getName() + ".simDmaCopy",
                    DmaCopyBenchmark.class.getName() + ".baselineArraycopy", Kind.THROUGHPUT, 0.5, 0.8, "G2"),
            new Pair("begin+end_cpu_access, clean 8 MiB", CpuAccessBenchmark.class.getName() + ".simBeginEnd",
                    CpuAccessBenchmark.class.getName() + ".baselineReadPass", Kind.COST, 1.0, 0.05, "G13"));

    /** The cold-IOTLB copy ({@code layout=pages}) is judged by G3 instead of G2. */
    private static final Pair COLD_IOTLB = new Pair("", "", "", Kind.THROUGHPUT, 0.3, 0.5, "G3");

    private RatioReport() {
    }

    static void print(Collection<RunResult> results, PrintStream out) {
        out.println();
        out.println("dmabuf-sim ratios (same JVM, same run; error = JMH 99.9% CI half-width)");
        out.printf(Locale.ROOT, "%-52s %22s %22s %-9s %16s  %s%n", "pair", "sim", "baseline", "ratio", "value",
                "goal (perf-anchors)");
        for (Pair p : PAIRS) {
            List<RunResult> sims = results.stream().filter(r -> r.getParams().getBenchmark().equals(p.sim())).toList();
            if (sims.isEmpty()) {
                out.printf(Locale.ROOT, "%-52s not run%n", p.title());
            }
            for (RunResult sim : sims) {
                Optional<RunResult> base = results.stream()
                        .filter(r -> r.getParams().getBenchmark().equals(p.baseline()) && sameParams(r, sim))
                        .findFirst();
                String title = p.title() + params(sim);
                if (base.isEmpty()) {
                    out.printf(Locale.ROOT, "%-52s baseline not run%n", title);
                    continue;
                }
                Pair judged = "pages".equals(sim.getParams().getParam("layout")) ? COLD_IOTLB : p;
                row(out, title, judged, sim.getPrimaryResult(), base.get().getPrimaryResult());
            }
        }
    }

    private static boolean sameParams(RunResult a, RunResult b) {
        return a.getParams().getParamsKeys().stream()
                .allMatch(k -> Objects.equals(a.getParams().getParam(k), b.getParams().getParam(k)));
    }

    private static String params(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (String k : r.getParams().getParamsKeys()) {
            b.append(b.length() == 0 ? " [" : ", ").append(k).append('=').append(r.getParams().getParam(k));
        }
        return b.length() == 0 ? "" : b.append(']').toString();
    }

    private static void row(PrintStream out, String title, Pair p, Result<?> sim, Result<?> base) {
        double s = sim.getScore();
        double b = base.getScore();
        boolean higher = p.kind() == Kind.THROUGHPUT;
        double ratio = higher ? b / s : s / b;
        double rel = Math.hypot(relError(sim), relError(base));
        String verdict = meets(ratio, p.stretch(), higher) ? "meets stretch"
                : meets(ratio, p.goal(), higher) ? "meets goal" : "MISSES goal";
        out.printf(Locale.ROOT, "%-52s %22s %22s %-9s %7.3f ± %-6.3f  %s %s %.2f (stretch %.2f): %s%n", title,
                time(sim), time(base), higher ? "base/sim" : "sim/base", ratio, ratio * rel, p.anchor(),
                higher ? ">=" : "<=", p.goal(), p.stretch(), verdict);
    }

    private static boolean meets(double ratio, double bound, boolean higher) {
        return higher ? ratio >= bound : ratio <= bound;
    }

    private static double relError(Result<?> r) {
        double e = r.getScoreError();
        return Double.isNaN(e) || r.getScore() == 0 ? 0 : e / r.getScore();
    }

    private static String time(Result<?> r) {
        double e = r.getScoreError();
        return String.format(Locale.ROOT, "%.2f ± %.2f %s", r.getScore(), Double.isNaN(e) ? 0 : e, r.getScoreUnit());
    }
}
