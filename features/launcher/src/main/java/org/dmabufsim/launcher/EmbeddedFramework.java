// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * A running Felix with the launcher's bundles: installed from {@code bundles/<level>/}, started
 * level by level, every one of them checked to be ACTIVE. Any failure on the way stops the framework
 * again (Felix's non-daemon threads would otherwise keep the JVM alive).
 */
final class EmbeddedFramework implements AutoCloseable {
    static final long START_LEVEL_TIMEOUT_SECONDS = 60;
    static final long STOP_TIMEOUT_MILLIS = 10_000;

    private final Framework framework;
    private final List<Bundle> deferred;
    private final Thread shutdownHook;

    private EmbeddedFramework(Framework framework, List<Bundle> deferred) {
        this.framework = framework;
        this.deferred = deferred;
        this.shutdownHook = new Thread(this::stopQuietly, "dmabuf-launcher-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Creates, initializes and starts the framework and the bundles of {@code home}.
     *
     * @param deferredBsns bundles that are installed but only started by {@link #startDeferred()}
     * @throws StartupException if anything fails; the framework is stopped again
     */
    static EmbeddedFramework start(AppHome home, Map<String, String> config, List<String> deferredBsns,
            PrintStream err) throws StartupException {
        Framework framework = newFramework(config, err);
        try {
            Files.createDirectories(home.deploy());
            framework.init();
            StartupErrors errors = new StartupErrors();
            framework.getBundleContext().addFrameworkListener(errors);
            Map<Integer, List<Path>> levels = home.bundlesByStartLevel();
            BundleSet bundles = install(framework.getBundleContext(), levels, deferredBsns);
            framework.start();
            raiseStartLevel(framework, levels.keySet().stream().mapToInt(Integer::intValue).max().orElse(1));
            errors.checkStarted(bundles.started());
            framework.getBundleContext().removeFrameworkListener(errors);
            return new EmbeddedFramework(framework, bundles.deferred());
        } catch (StartupException e) {
            stopQuietly(framework);
            throw e;
        } catch (BundleException | IOException | RuntimeException e) {
            stopQuietly(framework);
            throw new StartupException(Failures.describe(e), e);
        } catch (InterruptedException e) {
            stopQuietly(framework);
            Thread.currentThread().interrupt();
            throw new StartupException("interrupted while starting", e);
        }
    }

    BundleContext context() {
        return framework.getBundleContext();
    }

    /** Bundles other than the system bundle that are ACTIVE. */
    long activeBundles() {
        long active = 0;
        for (Bundle bundle : context().getBundles()) {
            if (bundle.getBundleId() != 0 && bundle.getState() == Bundle.ACTIVE) {
                active++;
            }
        }
        return active;
    }

    /** Starts the bundles that {@link #start} only installed (Gogo's console, once the system is up). */
    void startDeferred() throws BundleException {
        for (Bundle bundle : deferred) {
            bundle.start();
        }
    }

    /** Blocks until something (Gogo's {@code exit}, {@code stop 0}) stops the framework. */
    void awaitStop() throws InterruptedException {
        framework.waitForStop(0);
    }

    /** Stops the framework and waits for it (bounded). */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway and finds the framework stopped
        }
    }

    private void stopQuietly() {
        stopQuietly(framework);
    }

    private static void stopQuietly(Framework framework) {
        try {
            framework.stop();
            framework.waitForStop(STOP_TIMEOUT_MILLIS);
        } catch (BundleException e) {
            // stopping a framework that never got started; nothing left to release
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Framework newFramework(Map<String, String> config, PrintStream err) throws StartupException {
        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new StartupException("no OSGi framework on the class path (lib/)"));
        // Felix takes its logger as an object-valued property; the typed factory API only says String.
        Map<String, Object> properties = new HashMap<>(config);
        properties.put("felix.log.logger", new FelixLog(err));
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, String> untyped = (Map) properties;
        return factory.newFramework(untyped);
    }

    /** The installed bundles: those started by start level, and those left for {@link #startDeferred}. */
    private record BundleSet(List<Bundle> started, List<Bundle> deferred) {
    }

    private static BundleSet install(BundleContext context, Map<Integer, List<Path>> levels, List<String> deferredBsns)
            throws BundleException, StartupException {
        List<Bundle> started = new ArrayList<>();
        List<Bundle> deferred = new ArrayList<>();
        for (Map.Entry<Integer, List<Path>> level : levels.entrySet()) {
            for (Path jar : level.getValue()) {
                Bundle bundle = installBundle(context, jar);
                bundle.adapt(BundleStartLevel.class).setStartLevel(level.getKey());
                if (isFragment(bundle)) {
                    continue;
                }
                if (deferredBsns.contains(bundle.getSymbolicName())) {
                    deferred.add(bundle);
                } else {
                    bundle.start(); // persistent: happens when the framework reaches the bundle's level
                    started.add(bundle);
                }
            }
        }
        return new BundleSet(started, deferred);
    }

    private static Bundle installBundle(BundleContext context, Path jar) throws StartupException {
        try {
            return context.installBundle(jar.toUri().toString());
        } catch (BundleException e) {
            throw new StartupException("cannot install " + jar + ": " + Failures.describe(e), e);
        }
    }

    private static boolean isFragment(Bundle bundle) {
        return (bundle.adapt(BundleRevision.class).getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
    }

    private static void raiseStartLevel(Framework framework, int level) throws StartupException, InterruptedException {
        FrameworkStartLevel startLevel = framework.adapt(FrameworkStartLevel.class);
        if (startLevel.getStartLevel() >= level) {
            return;
        }
        CountDownLatch reached = new CountDownLatch(1);
        startLevel.setStartLevel(level, event -> {
            if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
                reached.countDown();
            }
        });
        if (!reached.await(START_LEVEL_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new StartupException("start level " + level + " not reached within "
                    + START_LEVEL_TIMEOUT_SECONDS + " s (a bundle activator hangs?)");
        }
    }
}
