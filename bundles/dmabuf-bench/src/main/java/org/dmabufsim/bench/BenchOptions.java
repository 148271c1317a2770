// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The runner's command line: {@code [--help] [--quick] [-f N] [-wi N] [-i N] [-w TIME] [-r TIME]
 * [-prof NAME[:OPTIONS]]... [REGEX]...}. Defaults (perf-anchors section 2): 2 forks, 5 warmup and 5
 * measurement iterations of 1 s, one thread, a fixed 1 GiB pre-touched heap. {@code --quick} is 1
 * fork, 2 x 0.5 s warmup and 3 x 0.5 s measurement; explicit options given after it win. Written only
 * by {@link #parse}; one thread.
 */
final class BenchOptions {
    static final String USAGE = "usage: java -jar benchmarks.jar [--help] [--quick] [-f forks] [-wi warmup-iterations]"
            + " [-i iterations] [-w warmup-time] [-r iteration-time] [-prof profiler]... [benchmark-regex]...";

    int forks = 2;
    int warmupIterations = 5;
    int iterations = 5;
    String warmupTime = "1s";
    String iterationTime = "1s";
    final List<String> profilers = new ArrayList<>();
    final List<String> includes = new ArrayList<>();
    boolean help;

    private BenchOptions() {
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with the reason if it is bad. */
    static BenchOptions parse(String[] args) {
        BenchOptions o = new BenchOptions();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--quick" -> o.quick();
                case "-h", "--help" -> o.help = true;
                case "-f" -> o.forks = count(a, value(args, ++i));
                case "-wi" -> o.warmupIterations = count(a, value(args, ++i));
                case "-i" -> o.iterations = Math.max(1, count(a, value(args, ++i)));
                case "-w" -> o.warmupTime = time(a, value(args, ++i));
                case "-r" -> o.iterationTime = time(a, value(args, ++i));
                case "-prof" -> o.profilers.add(value(args, ++i));
                default -> {
                    if (a.startsWith("-")) {
                        throw new IllegalArgumentException("unknown option " + a);
                    }
                    o.includes.add(a);
                }
            }
        }
        return o;
    }

    private void quick() {
        forks = 1;
        warmupIterations = 2;
        iterations = 3;
        warmupTime = "500ms";
        iterationTime = "500ms";
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    private static int count(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a count >= 0, not " + v);
    }

    private static String time(String option, String v) {
        try {
            TimeValue.fromString(v);
            return v;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " needs a time such as 1s or 500ms, not " + v, e);
        }
    }

    /** The JMH options: the given regexes, or both benchmark classes. */
    Options toJmh() {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .forks(forks)
                .warmupIterations(warmupIterations)
                .warmupTime(TimeValue.fromString(warmupTime))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.fromString(iterationTime))
                .threads(1)
                .shouldFailOnError(true)
                .jvmArgs("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
                        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
        if (includes.isEmpty()) {
            b.include(DmaCopyBenchmark.class.getSimpleName()).include(CpuAccessBenchmark.class.getSimpleName());
        }
        includes.forEach(b::include);
        for (String p : profilers) {
            int colon = p.indexOf(':');
            if (colon < 0) {
                b.addProfiler(p);
            } else {
                b.addProfiler(p.substring(0, colon), p.substring(colon + 1)); // name:options, as JMH's -prof
            }
        }
        return b.build();
    }
}
