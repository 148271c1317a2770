// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * Starting the bundles in shuffled orders gives the same simulation results (ARCHITECTURE,
 * "Determinism": results do not depend on thread scheduling or bundle start order).
 *
 * <p>Each order runs in a framework of its own: an {@link EmbeddedFelix} launched from this test,
 * one after the other, rather than one Pax Exam container per order. Pax Exam gives every
 * container the same options unless there is a test class or {@code @Configuration} per order, and
 * its containers cannot hand results to each other; here one test holds every result and compares
 * them with {@code assertEquals}, the orders come from seeds in one place, and everything is
 * offline (jars from the reactor and the local repository, as in the Pax Exam tests).
 *
 * <p>In every framework: SPI Fly, ASM and SLF4J first (the logging pitfall), then the DS API
 * bundles, ConfigAdmin and the fixture {@code probe-fixture-workload}, whose activator creates the
 * heap and device configurations (as the launcher's {@code deploy/} does) before anything of the
 * project runs. Then the project's bundles and SCR are installed in one seeded permutation and
 * started in another, so that DS activates the default simulation, the heaps and the devices in
 * varying orders, and the probe runs its workload (camera, GPU, display, CPU; see
 * {@code WorkloadProbe}) and returns its report: counters, heaps, memory, devices, dma-debug,
 * bufinfo and dmesg before, during and after. Every report must equal the launcher order's. The
 * reports are kept in {@code target/shuffled-start/}.
 */
public class ShuffledStartIT {
    private static final List<String> PROJECT = List.of("dmabuf-core", "heap-system", "heap-cma", "device-camera",
            "device-display", "device-gpu");
    private static final String SCR = "scr";
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final String PROBE = "(dmabuf.itest.probe=workload)";
    /** Framework storage and each order's report ({@code <order>.txt}). */
    private static final Path OUT = Path.of("target", "shuffled-start");

    @Test
    public void shuffledInstallAndStartOrdersGiveTheSameSimulationResults() throws Exception {
        List<String> launcherOrder = new ArrayList<>();
        launcherOrder.add(SCR);
        launcherOrder.addAll(PROJECT);
        String reference = run("launcher-order", launcherOrder, launcherOrder);
        assertWorkloadRan(reference);

        Map<String, String> shuffled = new LinkedHashMap<>();
        for (long seed : SEEDS) {
            Random random = new Random(seed);
            List<String> install = new ArrayList<>(launcherOrder);
            Collections.shuffle(install, random);
            List<String> start = new ArrayList<>(launcherOrder);
            Collections.shuffle(start, random);
            String label = "seed " + seed + ": install " + install + ", start " + start;
            shuffled.put(label, run("seed-" + seed, install, start));
        }

        for (Map.Entry<String, String> result : shuffled.entrySet()) {
            assertEquals(result.getKey() + ": first difference " + firstDifference(reference, result.getValue()),
                    reference, result.getValue());
        }
    }

    /** The probe's checks passed and the report has the expected sections. */
    private static void assertWorkloadRan(String report) {
        for (String line : List.of("display0 frame 0 ok, data ok", "display0 frame 1 ok, data ok",
                "cpu frame 1: data ok", "released: capture true, scanout true", "== dmesg")) {
            assertTrue(line + " not in\n" + report, report.contains(line + "\n"));
        }
        assertFalse(report, report.contains("FAILED") || report.contains("differs"));
    }

    /** One framework: installs in {@code install} order, starts in {@code start} order, runs the probe. */
    private static String run(String name, List<String> install, List<String> start) throws Exception {
        try (EmbeddedFelix felix = EmbeddedFelix.launch(OUT.resolve(name))) {
            List<Bundle> infrastructure = installInfrastructure(felix);
            Map<String, Bundle> shuffled = new LinkedHashMap<>();
            for (String key : install) {
                shuffled.put(key, felix.install(jar(key)));
            }
            // the probe resolves against the core's API, which it does not start
            for (Bundle bundle : infrastructure) {
                bundle.start();
            }
            for (String key : start) {
                shuffled.get(key).start();
            }
            for (Bundle bundle : felix.context().getBundles()) {
                assertEquals(name + ": " + bundle.getSymbolicName(), Bundle.ACTIVE, bundle.getState());
            }
            String report = felix.call(PROBE);
            assertEquals(name + ": framework errors", List.of(), felix.errors());
            // kept for a look when orders differ
            Files.writeString(OUT.resolve(name + ".txt"), "install " + install + "\nstart " + start + "\n\n" + report);
            return report;
        }
    }

    /** Logging (SPI Fly first), the DS API, ConfigAdmin and the probe, in the order they are to start. */
    private static List<Bundle> installInfrastructure(EmbeddedFelix felix) throws BundleException {
        List<File> jars = new ArrayList<>(List.of(
                EmbeddedFelix.mavenJar("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle"),
                EmbeddedFelix.mavenJar("org.ow2.asm", "asm"),
                EmbeddedFelix.mavenJar("org.ow2.asm", "asm-commons"),
                EmbeddedFelix.mavenJar("org.ow2.asm", "asm-tree"),
                EmbeddedFelix.mavenJar("org.ow2.asm", "asm-analysis"),
                EmbeddedFelix.mavenJar("org.ow2.asm", "asm-util"),
                EmbeddedFelix.mavenJar("org.slf4j", "slf4j-api"),
                EmbeddedFelix.mavenJar("org.slf4j", "slf4j-simple"),
                EmbeddedFelix.mavenJar("org.osgi", "org.osgi.util.function"),
                EmbeddedFelix.mavenJar("org.osgi", "org.osgi.util.promise"),
                EmbeddedFelix.mavenJar("org.osgi", "org.osgi.service.component"),
                EmbeddedFelix.mavenJar("org.apache.felix", "org.apache.felix.configadmin"),
                HotplugSupport.reactorJar("probe-fixture-workload")));
        List<Bundle> bundles = new ArrayList<>();
        for (File jar : jars) {
            bundles.add(felix.install(jar));
        }
        return bundles;
    }

    private static File jar(String key) {
        return key.equals(SCR) ? EmbeddedFelix.mavenJar("org.apache.felix", "org.apache.felix.scr")
                : HotplugSupport.reactorJar(key);
    }

    /** The first line where two reports differ, for the failure message. */
    static String firstDifference(String expected, String actual) {
        String[] e = expected.split("\n", -1);
        String[] a = actual.split("\n", -1);
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            if (!e[i].equals(a[i])) {
                return "line " + (i + 1) + ":\n  expected: " + e[i] + "\n  actual:   " + a[i];
            }
        }
        return "lengths " + e.length + " and " + a.length + " lines";
    }
}
