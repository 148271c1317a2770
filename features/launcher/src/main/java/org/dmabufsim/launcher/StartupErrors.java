// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;

/** Collects the framework's ERROR events during startup, to say why a bundle did not start. */
final class StartupErrors implements FrameworkListener {
    private final Map<Long, String> reasons = new ConcurrentHashMap<>(); // bundle id -> first error

    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.ERROR && event.getBundle() != null) {
            String reason = event.getThrowable() == null ? "error" : Failures.describe(event.getThrowable());
            reasons.putIfAbsent(event.getBundle().getBundleId(), reason);
        }
    }

    /**
     * Checks that every bundle is ACTIVE (or STARTING, for a lazy one).
     *
     * @throws StartupException naming every bundle that is not, with its state and the error reported for it
     */
    void checkStarted(List<Bundle> bundles) throws StartupException {
        StringBuilder failed = new StringBuilder();
        for (Bundle bundle : bundles) {
            if (bundle.getState() != Bundle.ACTIVE && bundle.getState() != Bundle.STARTING) {
                failed.append(System.lineSeparator()).append("  ").append(bundle.getSymbolicName())
                        .append(' ').append(bundle.getVersion()).append(" is ").append(stateName(bundle.getState()))
                        .append(": ").append(reasons.getOrDefault(bundle.getBundleId(), "no error reported"));
            }
        }
        if (failed.length() > 0) {
            throw new StartupException("bundles did not start:" + failed);
        }
    }

    static String stateName(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "in state " + state;
        };
    }
}
