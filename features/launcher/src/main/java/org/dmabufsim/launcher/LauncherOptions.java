// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The launcher's command line. Launcher options come first; everything after them (after the first
 * argument that is not a launcher option, or after {@code --}) is passed to the job unchanged.
 *
 * @param help print usage and exit
 * @param shell open the interactive Gogo shell instead of exiting
 * @param runJob run the job (always, unless {@code shell}; with {@code shell} only if {@code --run})
 * @param job the value of the {@code dmabuf.job} service property of the job to run
 * @param jobTimeout how long to wait for the job service to appear
 * @param jobArgs the job's arguments
 */
record LauncherOptions(boolean help, boolean shell, boolean runJob, String job, Duration jobTimeout,
        List<String> jobArgs) {

    static final String DEFAULT_JOB = "main";
    static final Duration DEFAULT_JOB_TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern JOB_NAME = Pattern.compile("[A-Za-z0-9._-]+");

    static final String USAGE = String.join(System.lineSeparator(),
            "usage: java -jar launcher.jar [options] [--] [job arguments...]",
            "",
            "Starts the OSGi framework with every dmabuf-sim bundle, runs the main job (the service",
            "java.util.function.Function with property dmabuf.job=main), prints its result and exits.",
            "",
            "options:",
            "  --job NAME             run the job registered with dmabuf.job=NAME (default: main)",
            "  --job-timeout SECONDS  how long to wait for the job to be registered (default: 30)",
            "  --shell                open the interactive Gogo shell instead of running the job",
            "  --run                  with --shell: run the job first, then open the shell",
            "  -h, --help             print this help and exit",
            "",
            "exit status: 0 done, 1 startup failed, no job or job failed, 2 bad command line");

    LauncherOptions {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        jobArgs = List.copyOf(jobArgs);
    }

    /**
     * Parses the command line.
     *
     * @throws UsageException for an unknown option, a missing or malformed value
     */
    static LauncherOptions parse(String... args) {
        Parser parser = new Parser();
        int i = 0;
        while (i < args.length && args[i].startsWith("-")) {
            if (args[i].equals("--")) {
                i++;
                break;
            }
            i = parser.option(args, i);
        }
        List<String> jobArgs = Arrays.asList(args).subList(i, args.length);
        boolean runJob = !parser.shell || parser.run;
        return new LauncherOptions(parser.help, parser.shell, runJob, parser.job, parser.jobTimeout, jobArgs);
    }

    /** Accumulates options; not shared. */
    private static final class Parser {
        boolean help;
        boolean shell;
        boolean run;
        String job = DEFAULT_JOB;
        Duration jobTimeout = DEFAULT_JOB_TIMEOUT;

        /** Consumes the option at {@code i} (and its value); returns the index of the next argument. */
        int option(String[] args, int i) {
            String arg = args[i];
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg : arg.substring(0, eq);
            switch (name) {
                case "-h", "--help" -> help = flag(arg, eq);
                case "--shell" -> shell = flag(arg, eq);
                case "--run" -> run = flag(arg, eq);
                case "--job" -> {
                    job = jobName(value(args, i, eq));
                    return eq < 0 ? i + 2 : i + 1;
                }
                case "--job-timeout" -> {
                    jobTimeout = seconds(value(args, i, eq));
                    return eq < 0 ? i + 2 : i + 1;
                }
                default -> throw new UsageException("unknown option: " + name);
            }
            return i + 1;
        }

        private static boolean flag(String arg, int eq) {
            if (eq >= 0) {
                throw new UsageException("option " + arg.substring(0, eq) + " takes no value");
            }
            return true;
        }

        private static String value(String[] args, int i, int eq) {
            if (eq >= 0) {
                return args[i].substring(eq + 1);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("option " + args[i] + " needs a value");
            }
            return args[i + 1];
        }

        private static String jobName(String value) {
            if (!JOB_NAME.matcher(value).matches()) {
                throw new UsageException("bad job name '" + value + "': use letters, digits, '.', '_' or '-'");
            }
            return value;
        }

        private static Duration seconds(String value) {
            try {
                long seconds = Long.parseLong(value);
                if (seconds > 0) {
                    return Duration.ofSeconds(seconds);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("bad --job-timeout '" + value + "': a whole number of seconds > 0");
        }
    }
}
