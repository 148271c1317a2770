// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * A Felix framework of its own, launched from the test's class path outside Pax Exam, for tests that
 * need one framework per run. Strict boot delegation as in the Pax Exam containers (so SLF4J inside
 * finds only slf4j-simple through SPI Fly); no JVM-wide URL handler factory (the Pax Exam containers
 * of the same JVM install theirs; see {@link #shareUrlHandlersWithPaxExam}); storage of its own,
 * wiped at launch. Bundles are installed from files: the reactor's jars and third-party jars from
 * the local Maven repository, at the versions the module depends on (the
 * {@code dependencies.properties} that {@code versionAsInProject()} reads too).
 *
 * <p>The test side shares only {@code java.*} types with the framework's bundles: services are
 * reached as such (e.g. a {@link Callable}).
 *
 * @NotThreadSafe one test thread drives it
 */
final class EmbeddedFelix implements AutoCloseable {
    private static final long STOP_TIMEOUT_MS = 10_000;
    private static final String HANDLER_PKGS = "java.protocol.handler.pkgs";
    private static final String PAX_URL = "org.ops4j.pax.url";
    private static final Properties DEPENDENCIES = dependencies();

    private final Framework framework;
    private final List<FrameworkEvent> errors = new ArrayList<>(); // guarded by itself: events come on Felix's threads

    private EmbeddedFelix(Framework framework) {
        this.framework = framework;
    }

    /** Creates and starts an empty framework (start level 1) whose storage is {@code storage}. */
    static EmbeddedFelix launch(Path storage) throws BundleException {
        shareUrlHandlersWithPaxExam();
        Map<String, String> config = Map.of(
                Constants.FRAMEWORK_STORAGE, storage.toAbsolutePath().toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT,
                "felix.bootdelegation.implicit", "false",
                "felix.service.urlhandlers", "false",
                "felix.log.level", "1");
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the test class path"));
        EmbeddedFelix felix = new EmbeddedFelix(factory.newFramework(config));
        felix.framework.init();
        felix.context().addFrameworkListener(event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                synchronized (felix.errors) {
                    felix.errors.add(event);
                }
            }
        });
        felix.framework.start();
        return felix;
    }

    /**
     * Felix reads {@value #HANDLER_PKGS} once per JVM, in the static initializer of its
     * {@code URLHandlers}, with which every framework registers (URL handlers on or off). Pax Exam's
     * native containers set it to {@value #PAX_URL} (their {@code link:} URLs) when they start: too
     * late if a framework of this class was the first in the failsafe JVM. So it is set first, as
     * they set it.
     */
    private static void shareUrlHandlersWithPaxExam() {
        String pkgs = System.getProperty(HANDLER_PKGS, "");
        if (!List.of(pkgs.split("\\|")).contains(PAX_URL)) {
            System.setProperty(HANDLER_PKGS, pkgs.isEmpty() ? PAX_URL : pkgs + "|" + PAX_URL);
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Installs a jar by its {@code file:} URL. */
    Bundle install(File jar) throws BundleException {
        return context().installBundle(jar.toURI().toString());
    }

    /** A third-party bundle from the local repository, at the version this module depends on. */
    static File mavenJar(String groupId, String artifactId) {
        String version = DEPENDENCIES.getProperty(groupId + "/" + artifactId + "/version");
        String repository = System.getProperty("org.ops4j.pax.url.mvn.localRepository");
        if (version == null || repository == null) {
            throw new IllegalStateException("no version of " + groupId + ":" + artifactId + " or no local repository ("
                    + repository + ")");
        }
        File jar = new File(repository, groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId
                + "-" + version + ".jar");
        if (!jar.isFile()) {
            throw new IllegalStateException("not in the local repository: " + jar);
        }
        return jar;
    }

    /** Calls the {@code Callable<String>} service that {@code filter} selects. */
    String call(String filter) throws Exception {
        ServiceReference<?>[] refs = context().getServiceReferences(Callable.class.getName(), filter);
        if (refs == null || refs.length != 1) {
            throw new IllegalStateException("not one service " + Callable.class.getName() + " " + filter);
        }
        Callable<?> service = (Callable<?>) context().getService(refs[0]);
        try {
            return (String) service.call();
        } finally {
            context().ungetService(refs[0]);
        }
    }

    /** Framework errors so far (a bundle that failed to start, an exception in a listener). */
    List<FrameworkEvent> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Stops the framework and waits for it. */
    @Override
    public void close() throws BundleException {
        framework.stop();
        FrameworkEvent event;
        try {
            event = framework.waitForStop(STOP_TIMEOUT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the framework stops", e);
        }
        if (event.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            throw new IllegalStateException("framework not stopped within " + STOP_TIMEOUT_MS + " ms");
        }
    }

    private static Properties dependencies() {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedFelix.class.getResourceAsStream("/META-INF/maven/dependencies.properties")) {
            if (in == null) {
                throw new IllegalStateException("no META-INF/maven/dependencies.properties (depends-maven-plugin)");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
