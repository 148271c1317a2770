// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A job: a service of the JDK type {@link Function} (so the launcher imports nothing of the project)
 * with the service property {@value #JOB_PROPERTY}. The launcher calls {@code apply(String[] args)}
 * and prints the returned {@code String}.
 */
final class MainJob {
    static final String JOB_PROPERTY = "dmabuf.job";

    private final BundleContext context;
    private final String name;

    /** @param name the job's {@value #JOB_PROPERTY} value; letters, digits, '.', '_' or '-' */
    MainJob(BundleContext context, String name) {
        this.context = context;
        this.name = name;
    }

    String name() {
        return name;
    }

    /** The LDAP filter that selects the job's service. */
    String filter() {
        return "(&(objectClass=" + Function.class.getName() + ")(" + JOB_PROPERTY + "=" + name + "))";
    }

    /**
     * Waits for the job's service and runs it.
     *
     * @return the job's result, or empty if no job service appeared within {@code timeout}; a
     *         {@code null} result is returned as the empty string
     * @throws RuntimeException whatever the job throws
     */
    Optional<String> run(Duration timeout, List<String> args) throws InterruptedException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, parsedFilter(), null);
        tracker.open();
        try {
            Object service = tracker.waitForService(timeout.toMillis());
            if (service == null) {
                return Optional.empty();
            }
            @SuppressWarnings("unchecked")
            Function<Object, Object> job = (Function<Object, Object>) service;
            Object result = job.apply(args.toArray(new String[0]));
            return Optional.of(result == null ? "" : result.toString());
        } finally {
            tracker.close();
        }
    }

    private Filter parsedFilter() {
        try {
            return FrameworkUtil.createFilter(filter());
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("bad job name '" + name + "'", e);
        }
    }
}
