// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.sim.Simulation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main job: for each pipeline, each caching model and each driver flavour of that model, a run in
 * a private simulation; the report compares them. Runs execute on a pool of {@link #DEFAULT_THREADS}
 * threads; they share nothing, and results are collected in a fixed order, so the report depends on
 * the arguments only. Immutable; each call is independent.
 */
final class CachingModelComparison {
    static final int DEFAULT_THREADS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(CachingModelComparison.class);

    private final Factories factories;
    private final int threads;

    CachingModelComparison(Factories factories) {
        this(factories, DEFAULT_THREADS);
    }

    /** @param threads runs executed in parallel, at least 1 */
    CachingModelComparison(Factories factories, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads " + threads);
        }
        this.factories = factories;
        this.threads = threads;
    }

    /**
     * Runs the comparison and returns the report; {@code --help} returns the usage and what is bound.
     *
     * @throws UsageException for bad arguments or an unknown caching model
     * @throws IllegalStateException if a heap type or device model is missing
     */
    String run(String... args) {
        JobArgs parsed = JobArgs.parse(args);
        if (parsed.help()) {
            return JobArgs.USAGE + "\n\n" + factories.describe() + "\n";
        }
        List<String> missing = factories.missing();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the main job needs " + String.join(", ", missing)
                    + ": are the heap and device bundles installed and active? (" + factories.describe() + ")");
        }
        checkModels(parsed);
        List<RunSpec> specs = plan(parsed);
        LOG.info("main job: {} runs of {} frames of {}x{} (seed {}) on {} threads", specs.size(), parsed.frames(),
                parsed.width(), parsed.height(), parsed.seed(), Math.min(threads, specs.size()));
        return ComparisonReport.format(parsed, runAll(specs, parsed));
    }

    /** Every run, in report order: pipeline, then model, then flavour. */
    static List<RunSpec> plan(JobArgs args) {
        List<RunSpec> specs = new ArrayList<>();
        for (PipelineKind pipeline : PipelineKind.values()) {
            for (String model : args.models()) {
                for (Flavour flavour : Flavour.forModel(model)) {
                    specs.add(new RunSpec(pipeline, model, flavour, args.era().eraFor(model),
                            args.cameraMappingFor(flavour)));
                }
            }
        }
        return specs;
    }

    private static void checkModels(JobArgs args) {
        List<String> known;
        try (Simulation probe = Simulation.create()) {
            known = probe.dmabufs().cachingModels();
        }
        for (String model : args.models()) {
            if (!known.contains(model)) {
                throw new UsageException("--models: no caching model " + model + " (known: " + String.join(", ", known)
                        + ")");
            }
        }
    }

    /** Runs {@code specs} on the pool; results in the order of {@code specs}. */
    List<RunResult> runAll(List<RunSpec> specs, JobArgs args) {
        AtomicInteger ids = new AtomicInteger();
        SensorFrames sensorFrames = new SensorFrames(args);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, specs.size()), r -> {
            Thread t = new Thread(r, "dmabuf-main-job-" + ids.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<RunResult>> futures = new ArrayList<>();
            for (RunSpec spec : specs) {
                futures.add(pool.submit(() -> PipelineRun.run(spec, args, factories, sensorFrames)));
            }
            List<RunResult> results = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                results.add(await(futures.get(i), specs.get(i)));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static RunResult await(Future<RunResult> future, RunSpec spec) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + spec, e);
        } catch (ExecutionException e) {
            LOG.error("run {} failed", spec, e.getCause());
            throw new IllegalStateException("run " + spec + " failed: " + e.getCause(), e.getCause());
        }
    }
}
