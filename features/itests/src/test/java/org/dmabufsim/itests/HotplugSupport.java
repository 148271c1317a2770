// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.inject.Inject;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.HeapStats;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.RegionStats;
import org.dmabufsim.sim.Simulation;
import org.junit.After;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * What the hot-plug tests share: ConfigAdmin configurations of heaps and devices that are deleted
 * after each test, bundle updates and installs from the reactor's jars, refresh with a
 * {@code PACKAGES_REFRESHED} barrier, the removal-pending check, class-loader collection, and page
 * accounting of the default simulation.
 */
public abstract class HotplugSupport extends DmabufTestSupport {
    /** How long a collected class loader may take to be cleared. */
    static final long GC_TIMEOUT_MS = 10_000;

    @Inject
    protected ConfigurationAdmin configAdmin;

    private final List<Configuration> configurations = new ArrayList<>();

    /** Deletes the test's configurations and waits until DS has seen the deletions. */
    @After
    public void deleteConfigurations() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
        configurations.clear();
        awaitConfigurationEvents(configAdmin);
    }

    /** A factory configuration, deleted after the test. */
    protected Configuration configure(String factoryPid, String name, String... keysAndValues) throws IOException {
        Configuration configuration = configAdmin.getFactoryConfiguration(factoryPid, name, "?");
        configuration.update(properties((Object[]) keysAndValues));
        configurations.add(configuration);
        return configuration;
    }

    /** The system heap as the launcher ships it (caching model {@code dma-heap}). */
    protected Configuration configureSystemHeap() throws IOException {
        return configure(HEAP_PID, "system", "name", "system", "type", "system", "id", "0", "caching.model",
                "dma-heap", "factory.target", "(dmabuf.heap.type=system)");
    }

    /** A device of a model, with square frames of {@code edge} pixels and more properties. */
    protected Configuration configureDevice(String name, String model, int edge, String... more) throws IOException {
        List<String> all = new ArrayList<>(List.of("name", name, "model", model, "frame.width",
                Integer.toString(edge), "frame.height", Integer.toString(edge), "factory.target",
                "(dmabuf.device.model=" + model + ")"));
        all.addAll(Arrays.asList(more));
        return configure(DEVICE_PID, name, all.toArray(String[]::new));
    }

    /** The jar the reactor built for {@code artifactId} (see {@link #reactorBundle}). */
    protected static File reactorJar(String artifactId) {
        String path = System.getProperty("itest.jar." + artifactId);
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("no jar for " + artifactId + ": " + path);
        }
        return new File(path);
    }

    /** {@code Bundle.update(InputStream)} from a reactor jar: a new revision of {@code bundle}. */
    protected static void updateFrom(Bundle bundle, String artifactId) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(reactorJar(artifactId).toPath())) {
            bundle.update(in);
        }
    }

    /** Installs a reactor jar by its {@code file:} URL and starts it. */
    protected Bundle installAndStart(String artifactId) throws BundleException {
        Bundle bundle = context.installBundle(reactorJar(artifactId).toURI().toString());
        bundle.start();
        return bundle;
    }

    /** {@code FrameworkWiring.refreshBundles}, waiting for {@code PACKAGES_REFRESHED}; fails on an error event. */
    protected void refresh(Bundle... bundles) throws InterruptedException {
        CountDownLatch refreshed = new CountDownLatch(1);
        List<FrameworkEvent> errors = new ArrayList<>();
        frameworkWiring().refreshBundles(List.of(bundles), event -> {
            if (event.getType() == FrameworkEvent.ERROR) {
                synchronized (errors) {
                    errors.add(event);
                }
            }
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                refreshed.countDown();
            }
        });
        assertTrue("no refresh within " + SERVICE_TIMEOUT_MS + " ms",
                refreshed.await(SERVICE_TIMEOUT_MS, TimeUnit.MILLISECONDS));
        synchronized (errors) {
            assertEquals("refresh errors", List.of(), errors);
        }
    }

    /** No bundle revision is kept for wires to it after a refresh. */
    protected void assertNoRemovalPendingBundles() {
        assertEquals("removal-pending bundles", List.of(), List.copyOf(frameworkWiring().getRemovalPendingBundles()));
    }

    private FrameworkWiring frameworkWiring() {
        return context.getBundle(0).adapt(FrameworkWiring.class);
    }

    /** A watch on the class loader of the bundle's current revision, held weakly. */
    protected static ClassLoaderWatch watchClassLoader(Bundle bundle) {
        return new ClassLoaderWatch(bundle.adapt(BundleWiring.class).getClassLoader());
    }

    /** Fails unless the watched class loader is garbage collected (bounded: {@value #GC_TIMEOUT_MS} ms). */
    protected static void assertCollected(String what, ClassLoaderWatch watch) throws InterruptedException {
        if (!watch.awaitCollected(GC_TIMEOUT_MS)) {
            fail(what + ": the class loader is still reachable");
        }
    }

    /** Pages handed out by the buddy allocator (all zones). */
    protected static long buddyUsedPages(Simulation sim) {
        return sim.memory().stats().stream().filter(s -> s.kind() == null).mapToLong(RegionStats::usedPages).sum();
    }

    /** Pages of the swiotlb pool that hold bounce slots. */
    protected static long swiotlbUsedPages(Simulation sim) {
        return sim.memory().stats().stream().filter(s -> s.kind() == RegionKind.SWIOTLB)
                .mapToLong(RegionStats::usedPages).sum();
    }

    /** Pages a live heap keeps in its pools and on its deferred-free list; 0 if there is no such heap. */
    protected static long heapKeptPages(Simulation sim, String heap) {
        HeapStats stats = sim.heaps().find(heap).map(HeapInfo::stats).orElse(HeapStats.EMPTY);
        return stats.pooledPages() + stats.deferredPages();
    }

    /** {@code length} bytes that differ from frame patterns and from zero. */
    protected static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed * 17 + 7);
        }
        return bytes;
    }

    /**
     * A class loader held only weakly: {@link #awaitCollected} runs the collector until it is
     * cleared, waiting on the reference queue (no sleeps).
     */
    protected static final class ClassLoaderWatch {
        private final ReferenceQueue<ClassLoader> queue = new ReferenceQueue<>();
        private final WeakReference<ClassLoader> loader;

        ClassLoaderWatch(ClassLoader loader) {
            this.loader = new WeakReference<>(loader, queue);
        }

        boolean awaitCollected(long timeoutMs) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (loader.get() != null) {
                if (System.nanoTime() - deadline > 0) {
                    return false;
                }
                System.gc();
                queue.remove(POLL_INTERVAL_MS * 10);
            }
            return true;
        }
    }
}
