// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmabufsim.launcher.fixture.ConfigJobs;
import org.dmabufsim.launcher.fixture.FixtureJobs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the assembled {@code target/app} as a separate JVM, the way a user does. Each test works on
 * its own copy of the app, so fixture bundles and the framework cache never touch {@code target/app}.
 */
class LauncherIT {
    private static final Pattern BOOT_LINE =
            Pattern.compile("dmabuf-sim: framework started in (\\d+) ms, (\\d+) bundles active");

    @TempDir
    Path tmp;

    private Path app;

    @BeforeEach
    void copyApp() throws IOException {
        app = tmp.resolve("app");
        LauncherProcess.copyApp(Path.of(System.getProperty("launcher.app.dir")), app);
    }

    @Test
    void bootsEveryBundleThenReportsTheMissingJobAndExitsOne() throws Exception {
        LauncherProcess.Result result = LauncherProcess.run(app, "--job-timeout", "2", "--job", "it.absent");

        assertEquals(Main.EXIT_FAILURE, result.exit(), result.toString());
        // every jar of bundles/ but Gogo's console, which only --shell starts
        assertEquals(bundleJars() - 1, activeBundlesInBootLine(result), result.toString());
        assertTrue(result.err().contains("dmabuf-sim: no job 'it.absent': no service "
                + "(&(objectClass=java.util.function.Function)(dmabuf.job=it.absent)) was registered within 2 s."),
                result.toString());
        assertEquals("", result.out());
    }

    @Test
    void jobDroppedIntoDeployRunsWithItsArgumentsAndPrintsOnlyItsResult() throws Exception {
        LauncherProcess.fixtureBundle(app.resolve("deploy/fixture.jar"), "org.dmabufsim.launcher.fixture",
                FixtureJobs.class, "org.osgi.framework");

        LauncherProcess.Result result = LauncherProcess.run(app, "--job", FixtureJobs.ECHO, "--job-timeout", "30",
                "--", "a", "b c", "--shell");

        assertEquals(Main.EXIT_OK, result.exit(), result.toString());
        assertEquals("it.echo [a, b c, --shell]" + System.lineSeparator(), result.out());
    }

    @Test
    void shippedConfigurationsGiveTheDefaultSimulationItsHeapsAndDevices() throws Exception {
        LauncherProcess.fixtureBundle(app.resolve("bundles/3/configs.jar"), "org.dmabufsim.launcher.fixture.configs",
                ConfigJobs.class, "org.osgi.framework,org.osgi.service.cm");

        LauncherProcess.Result result = LauncherProcess.run(app, "--job", ConfigJobs.CONFIGS, "--", "5");

        assertEquals(Main.EXIT_OK, result.exit(), result.toString());
        assertEquals(String.join("\n",
                "org.dmabufsim.device camera0 (dmabuf.device.model=camera)",
                "org.dmabufsim.device display0 (dmabuf.device.model=display)",
                "org.dmabufsim.device gpu0 (dmabuf.device.model=gpu)",
                "org.dmabufsim.heap reserved (dmabuf.heap.type=cma)",
                "org.dmabufsim.heap system (dmabuf.heap.type=system)") + System.lineSeparator(), result.out());
    }

    @Test
    void failingJobExitsOneWithItsException() throws Exception {
        LauncherProcess.fixtureBundle(app.resolve("bundles/3/fixture.jar"), "org.dmabufsim.launcher.fixture",
                FixtureJobs.class, "org.osgi.framework");

        LauncherProcess.Result result = LauncherProcess.run(app, "--job", FixtureJobs.FAIL, "--job-timeout", "5");

        assertEquals(Main.EXIT_FAILURE, result.exit(), result.toString());
        assertEquals(bundleJars() - 1, activeBundlesInBootLine(result), result.toString());
        assertTrue(result.err().contains("dmabuf-sim: job 'it.fail' failed:" + System.lineSeparator()
                + "java.lang.IllegalStateException: fixture job failed on purpose"), result.toString());
        assertEquals("", result.out());
    }

    @Test
    void shellRunsGogoCommandsUntilEndOfInputThenStopsTheFramework() throws Exception {
        LauncherProcess.Result result = LauncherProcess.runWithInput(app, "lb\n", "--shell");

        assertEquals(Main.EXIT_OK, result.exit(), result.toString());
        assertEquals(bundleJars(), activeBundlesInBootLine(result) + 1, result.toString());
        // the prompt of etc/gosh_profile, then lb listing the core at start level 3
        assertTrue(result.out().contains("dmabuf-sim> "), result.toString());
        Pattern coreLine = Pattern.compile("\\|Active +\\| +3\\|dmabuf-sim core ");
        assertTrue(coreLine.matcher(result.out()).find(), result.toString());
        assertTrue(result.out().contains("gosh: stopping framework"), result.toString());
    }

    @Test
    void duplicateBundleStopsTheFrameworkAndExitsOne() throws Exception {
        Path core;
        try (Stream<Path> jars = Files.list(app.resolve("bundles/3"))) {
            core = jars.filter(p -> p.getFileName().toString().startsWith("dmabuf-core-")).findFirst().orElseThrow();
        }
        Files.copy(core, app.resolve("bundles/3/zz-duplicate.jar"));

        LauncherProcess.Result result = LauncherProcess.run(app);

        assertEquals(Main.EXIT_FAILURE, result.exit(), result.toString());
        assertTrue(result.err().contains("dmabuf-sim: startup failed: cannot install "
                + app.resolve("bundles/3/zz-duplicate.jar")), result.toString());
        assertFalse(BOOT_LINE.matcher(result.err()).find(), result.toString());
    }

    @Test
    void bundleThatCannotResolveIsNamedWithTheMissingRequirement() throws Exception {
        LauncherProcess.fixtureBundle(app.resolve("bundles/3/unresolvable.jar"),
                "org.dmabufsim.launcher.fixture.unresolvable", null, "org.dmabufsim.does.not.exist");

        LauncherProcess.Result result = LauncherProcess.run(app);

        assertEquals(Main.EXIT_FAILURE, result.exit(), result.toString());
        assertTrue(result.err().contains("dmabuf-sim: startup failed: bundles did not start:" + System.lineSeparator()
                + "  org.dmabufsim.launcher.fixture.unresolvable 1.0.0 is INSTALLED: "), result.toString());
        assertTrue(result.err().contains("missing requirement"), result.toString());
        assertTrue(result.err().contains("osgi.wiring.package=org.dmabufsim.does.not.exist"), result.toString());
    }

    private long bundleJars() throws IOException {
        try (Stream<Path> files = Files.walk(app.resolve("bundles"))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar")).count();
        }
    }

    private static long activeBundlesInBootLine(LauncherProcess.Result result) {
        Matcher boot = BOOT_LINE.matcher(result.err());
        assertTrue(boot.find(), "no boot line in " + result);
        return Long.parseLong(boot.group(2));
    }
}
