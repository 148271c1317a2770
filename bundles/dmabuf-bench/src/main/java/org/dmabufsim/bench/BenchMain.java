// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.bench;

import java.util.Collection;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;

/**
 * The benchmark jar's entry point: runs {@link DmaCopyBenchmark} and {@link CpuAccessBenchmark}
 * through JMH (options in {@link BenchOptions}), then prints the ratio table of {@link RatioReport}.
 * Exit status: 0 done, 1 a benchmark failed, 2 bad command line.
 */
public final class BenchMain {

    private BenchMain() {
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        try {
            Collection<RunResult> results = new Runner(options.toJmh()).run();
            RatioReport.print(results, System.out);
        } catch (RunnerException e) {
            System.err.println("benchmark run failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
