// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/** Runs {@link MainJob} against a real, empty Felix (one for the class; each test unregisters its jobs). */
class MainJobTest {
    private static final Duration SHORT = Duration.ofSeconds(1);

    @TempDir
    static Path cache;

    private static Framework framework;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @BeforeAll
    static void startFramework() throws Exception {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst().orElseThrow();
        framework = factory.newFramework(Map.of("org.osgi.framework.storage", cache.toString(),
                "org.osgi.framework.storage.clean", "onFirstInit"));
        framework.start();
    }

    @AfterAll
    static void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @AfterEach
    void unregisterJobs() {
        registrations.forEach(ServiceRegistration::unregister);
    }

    @Test
    void runsTheJobWithItsArguments() throws Exception {
        register("main", args -> "ran with " + Arrays.toString(args));

        Optional<String> result = new MainJob(context(), "main").run(SHORT, List.of("a", "b c"));

        assertEquals(Optional.of("ran with [a, b c]"), result);
    }

    @Test
    void picksTheJobByItsName() throws Exception {
        register("main", args -> "main");
        register("other", args -> "other");

        assertEquals(Optional.of("other"), new MainJob(context(), "other").run(SHORT, List.of()));
    }

    @Test
    void noJobServiceMeansEmptyAfterTheTimeout() throws Exception {
        register("other", args -> "other");

        assertEquals(Optional.empty(), new MainJob(context(), "main").run(SHORT, List.of()));
    }

    @Test
    void nullResultIsEmptyText() throws Exception {
        register("main", args -> null);

        assertEquals(Optional.of(""), new MainJob(context(), "main").run(SHORT, List.of()));
    }

    @Test
    void failureOfTheJobPropagates() {
        register("main", args -> {
            throw new IllegalStateException("boom");
        });

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new MainJob(context(), "main").run(SHORT, List.of()));
        assertEquals("boom", e.getMessage());
    }

    @Test
    void filterNamesTheJdkFunctionTypeAndTheJobProperty() {
        assertEquals("(&(objectClass=java.util.function.Function)(dmabuf.job=main))",
                new MainJob(context(), "main").filter());
    }

    private BundleContext context() {
        return framework.getBundleContext();
    }

    private void register(String name, Function<String[], String> job) {
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put(MainJob.JOB_PROPERTY, name);
        registrations.add(context().registerService(Function.class, job, properties));
    }
}
