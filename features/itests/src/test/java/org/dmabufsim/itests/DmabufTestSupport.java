// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;

import java.io.File;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.inject.Inject;
import org.dmabufsim.sim.Simulation;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.options.MavenArtifactProvisionOption;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base of every Pax Exam test: a native Felix with SCR, ConfigAdmin and SLF4J (slf4j-simple through
 * SPI Fly), plus the project's bundles that {@link #projectBundles()} names. A test of another
 * bundle overrides it with one line:
 *
 * <pre>{@code
 * @Override
 * protected Option projectBundles() {
 *     return composite(super.projectBundles(), reactorBundle("dmabuf-heap-system"));
 * }
 * }</pre>
 *
 * Run with {@code @RunWith(PaxExam.class)} and {@code @ExamReactorStrategy(PerClass.class)}. Wait
 * for dynamic services with {@link #awaitService}, never with sleeps.
 */
public abstract class DmabufTestSupport {
    /** The heap factory PID. */
    static final String HEAP_PID = "org.dmabufsim.heap";
    /** The device factory PID. */
    static final String DEVICE_PID = "org.dmabufsim.device";

    /** The artifactId (and jar property suffix) of the core bundle. */
    public static final String CORE = "dmabuf-core";
    /** The core bundle's symbolic name. */
    public static final String CORE_BSN = "org.dmabufsim.dmabuf-core";
    /** How long {@link #awaitService} and {@link #await} wait. */
    public static final long SERVICE_TIMEOUT_MS = 10_000;
    /** How often {@link #await} checks its condition. */
    public static final long POLL_INTERVAL_MS = 5;

    @Inject
    protected BundleContext context;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(options(framework(), logging(), declarativeServices()), projectBundles());
    }

    /** The project bundles under test; by default the core. */
    protected Option projectBundles() {
        return reactorBundle(CORE);
    }

    /**
     * A bundle of this reactor, installed from the jar the build just made (never from a repository,
     * which under {@code mvn verify} could hold a stale SNAPSHOT). The jar's path comes from the system
     * property {@code itest.jar.<artifactId>} that the module's failsafe configuration sets.
     */
    public static Option reactorBundle(String artifactId) {
        String property = "itest.jar." + artifactId;
        String path = System.getProperty(property);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("no jar for " + artifactId + ": system property " + property + " = " + path
                    + "; add it to features/itests/pom.xml (a test dependency and a failsafe property)");
        }
        return bundle(new File(path).toURI().toString());
    }

    /** Felix in strict mode: the host class path (Pax Exam's own slf4j) stays invisible to bundles. */
    static Option framework() {
        return composite(frameworkProperty("felix.bootdelegation.implicit").value("false"), junitBundles());
    }

    /** SLF4J 2 with slf4j-simple, found through SPI Fly: all at start level 1, before anything logs. */
    static Option logging() {
        return composite(
                level1("org.apache.aries.spifly", "org.apache.aries.spifly.dynamic.bundle"),
                level1("org.ow2.asm", "asm"),
                level1("org.ow2.asm", "asm-commons"),
                level1("org.ow2.asm", "asm-tree"),
                level1("org.ow2.asm", "asm-analysis"),
                level1("org.ow2.asm", "asm-util"),
                level1("org.slf4j", "slf4j-api"),
                level1("org.slf4j", "slf4j-simple"));
    }

    /** Felix SCR with the DS API bundles it needs, and ConfigAdmin. */
    static Option declarativeServices() {
        return composite(
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject());
    }

    private static MavenArtifactProvisionOption level1(String groupId, String artifactId) {
        return mavenBundle(groupId, artifactId).versionAsInProject().startLevel(1);
    }

    /** The installed bundle with this symbolic name; fails the test if there is none. */
    protected Bundle installedBundle(String symbolicName) {
        for (Bundle bundle : context.getBundles()) {
            if (symbolicName.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        fail("no bundle " + symbolicName);
        return null;
    }

    /**
     * Polls {@code condition} until it holds; fails with {@code what} if it does not within
     * {@link #SERVICE_TIMEOUT_MS}. For state that no service event announces (e.g. a heap that a
     * ConfigAdmin configuration made appear in a simulation).
     */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVICE_TIMEOUT_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + SERVICE_TIMEOUT_MS + " ms: " + what);
            }
            Thread.sleep(POLL_INTERVAL_MS);
        }
    }

    /**
     * Waits until ConfigAdmin has delivered every configuration event so far (creations, updates,
     * deletions) to every listener, DS included. ConfigAdmin delivers events in order on one thread,
     * so it updates a barrier configuration and waits for that event to reach a listener of its own.
     */
    protected void awaitConfigurationEvents(ConfigurationAdmin admin) throws IOException, InterruptedException {
        String pid = "org.dmabufsim.itests.barrier";
        CountDownLatch delivered = new CountDownLatch(1);
        ConfigurationListener listener = event -> {
            if (event.getPid().equals(pid) && event.getType() == ConfigurationEvent.CM_UPDATED) {
                delivered.countDown();
            }
        };
        ServiceRegistration<ConfigurationListener> registration =
                context.registerService(ConfigurationListener.class, listener, null);
        org.osgi.service.cm.Configuration barrier = admin.getConfiguration(pid, "?");
        try {
            barrier.update(new Hashtable<>(Map.of("at", System.nanoTime())));
            assertTrue("configuration events not delivered within " + SERVICE_TIMEOUT_MS + " ms",
                    delivered.await(SERVICE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        } finally {
            registration.unregister();
            barrier.delete();
        }
    }

    /**
     * Waits (at most {@link #SERVICE_TIMEOUT_MS}) for a service and returns it. The tracker is closed
     * afterwards: call again after anything that may re-register the service.
     */
    protected <T> T awaitService(Class<T> type) throws InterruptedException {
        return awaitService(new ServiceTracker<>(context, type, null), type.getName());
    }

    /**
     * Waits (at most {@link #SERVICE_TIMEOUT_MS}) for a service whose properties match {@code filter}
     * (an LDAP filter such as {@code (dmabuf.simulation=default)}) and returns it.
     */
    protected <T> T awaitService(Class<T> type, String filter) throws InterruptedException {
        String full = "(&(" + Constants.OBJECTCLASS + "=" + type.getName() + ")" + filter + ")";
        Filter parsed;
        try {
            parsed = context.createFilter(full);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad filter " + full, e);
        }
        return awaitService(new ServiceTracker<T, T>(context, parsed, null), full);
    }

    /** Configuration properties from alternating keys and values. */
    protected static Dictionary<String, Object> properties(Object... keysAndValues) {
        Dictionary<String, Object> properties = new Hashtable<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return properties;
    }

    /** The framework's default simulation. */
    protected Simulation defaultSimulation() throws InterruptedException {
        return awaitService(Simulation.class, DefaultSimulationIT.DEFAULT);
    }

    private static <T> T awaitService(ServiceTracker<T, T> tracker, String what) throws InterruptedException {
        tracker.open();
        try {
            T service = tracker.waitForService(SERVICE_TIMEOUT_MS);
            assertNotNull("no " + what + " within " + SERVICE_TIMEOUT_MS + " ms", service);
            return service;
        } finally {
            tracker.close();
        }
    }
}
