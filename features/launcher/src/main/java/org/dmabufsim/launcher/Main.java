// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleException;

/**
 * The embedded launcher: starts Felix with the bundles of {@code bundles/<level>/}, prints the boot
 * time, runs the main job (a {@code java.util.function.Function} service with {@code dmabuf.job=main})
 * with the arguments that follow the launcher's own options, prints its result on standard output,
 * stops the framework and exits. Status lines and errors go to standard error, so standard output
 * carries only the job's result. {@code --shell} opens Gogo instead. See {@link LauncherOptions#USAGE}.
 */
public final class Main {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;
    /**
     * Gogo's console. It is installed with the other start level 2 bundles but started only with
     * {@code --shell}, last, once the system is up and the job (if any) has run: so a job run needs no
     * terminal, and the prompt is not mixed with startup output.
     */
    static final String GOGO_CONSOLE_BSN = "org.apache.felix.gogo.jline";

    private final PrintStream out;
    private final PrintStream err;
    private final long startNanos;

    Main(PrintStream out, PrintStream err, long startNanos) {
        this.out = out;
        this.err = err;
        this.startNanos = startNanos;
    }

    public static void main(String[] args) {
        int status = new Main(System.out, System.err, System.nanoTime()).run(args);
        // Felix, FileInstall and Gogo keep non-daemon threads; the framework is stopped by now.
        System.exit(status);
    }

    /** Runs the launcher; returns the process exit status. */
    int run(String... args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args);
        } catch (UsageException e) {
            err.println("dmabuf-sim: " + e.getMessage());
            err.println(LauncherOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.println(LauncherOptions.USAGE);
            return EXIT_OK;
        }
        try (EmbeddedFramework framework = boot(options)) {
            err.printf("dmabuf-sim: framework started in %d ms, %d bundles active%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos), framework.activeBundles());
            int status = options.runJob() ? runJob(framework, options) : EXIT_OK;
            return options.shell() ? shell(framework, status) : status;
        } catch (StartupException e) {
            err.println("dmabuf-sim: startup failed: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("dmabuf-sim: interrupted");
            return EXIT_FAILURE;
        }
    }

    private EmbeddedFramework boot(LauncherOptions options) throws StartupException {
        AppHome home = AppHome.locate();
        Map<String, String> config;
        try {
            config = FrameworkConfig.load(home);
        } catch (IOException e) {
            throw new StartupException("cannot read " + home.etc().resolve(FrameworkConfig.FILE_NAME) + ": " + e, e);
        }
        return EmbeddedFramework.start(home, config, List.of(GOGO_CONSOLE_BSN), err);
    }

    private int runJob(EmbeddedFramework framework, LauncherOptions options) throws InterruptedException {
        MainJob job = new MainJob(framework.context(), options.job());
        Optional<String> result;
        try {
            result = job.run(options.jobTimeout(), options.jobArgs());
        } catch (RuntimeException | LinkageError e) {
            err.println("dmabuf-sim: job '" + job.name() + "' failed:");
            Failures.print(e, err);
            return EXIT_FAILURE;
        }
        if (result.isEmpty()) {
            err.printf("dmabuf-sim: no job '%s': no service %s was registered within %d s.%n"
                    + "  A bundle in bundles/3/ or deploy/ registers it; --job NAME selects another job.%n",
                    job.name(), job.filter(), options.jobTimeout().toSeconds());
            return EXIT_FAILURE;
        }
        String text = result.get();
        out.print(text);
        if (!text.isEmpty() && !text.endsWith("\n")) {
            out.println();
        }
        out.flush();
        return EXIT_OK;
    }

    private int shell(EmbeddedFramework framework, int jobStatus) throws InterruptedException {
        try {
            framework.startDeferred();
        } catch (BundleException e) {
            err.println("dmabuf-sim: cannot open the Gogo shell: " + Failures.describe(e));
            return EXIT_FAILURE;
        }
        framework.awaitStop();
        return jobStatus;
    }
}
