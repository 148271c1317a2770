// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The workloads bundle in a running framework: it registers the launcher's main job, a
 * {@code Function<String[], String>} with {@code dmabuf.job=main}, bound to the heap and device
 * factories of the installed bundles, and the job runs the comparison in private simulations.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MainJobIT extends DmabufTestSupport {
    private static final String BSN = "org.dmabufsim.dmabuf-workloads";
    private static final String MAIN = "(dmabuf.job=main)";
    private static final String ALL_FACTORIES = "heap types: cma, system; device models: camera, display, gpu";
    private static final Set<String> API = Set.of("org.dmabufsim.device", "org.dmabufsim.dma", "org.dmabufsim.dmabuf",
            "org.dmabufsim.dmabuf.spi", "org.dmabufsim.mem", "org.dmabufsim.sim");

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle("heap-system"), reactorBundle("heap-cma"),
                reactorBundle("device-camera"), reactorBundle("device-display"), reactorBundle("device-gpu"),
                reactorBundle("dmabuf-workloads"));
    }

    /** The job service once it is bound to every factory (a factory that arrives re-creates it: greedy). */
    @SuppressWarnings("unchecked")
    private Function<String[], String> job(String factories) throws InterruptedException {
        Function<String[], String>[] found = new Function[1];
        await("the main job with " + factories, () -> {
            try {
                found[0] = awaitService(Function.class, MAIN);
                return found[0].apply(new String[] {"--help"}).endsWith(factories + "\n");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return found[0];
    }

    @Test
    public void theMainJobIsRegisteredOnceByTheWorkloadsBundle() throws Exception {
        job(ALL_FACTORIES);
        ServiceReference<?>[] refs = context.getServiceReferences(Function.class.getName(), MAIN);
        assertEquals(1, refs.length);
        assertEquals(BSN, refs[0].getBundle().getSymbolicName());
    }

    @Test
    public void theJobComparesAllThreeModels() throws Exception {
        String report = job(ALL_FACTORIES).apply(new String[] {"--frames", "1", "--width", "64", "--height", "64"});
        assertTrue(report, report.startsWith("dmabuf-sim caching-model comparison: seed 0, 1 frames of 64x64x4"));
        for (String model : new String[] {"ion-4.9", "ion-4.12", "dma-heap"}) {
            assertTrue(model, report.contains("\n  " + model + " upstream "));
        }
        assertTrue(report, report.contains("\n  ion-4.9 vendor "));
        assertTrue(report, report.contains("\ncamera -> CPU -> display\n"));
        assertTrue(report, report.contains("\ncamera -> GPU -> display\n"));
    }

    @Test
    public void withoutTheCmaHeapTheJobSaysWhatIsMissing() throws Exception {
        Bundle cma = installedBundle("org.dmabufsim.heap-cma");
        cma.stop();
        try {
            Function<String[], String> job = job("heap types: system; device models: camera, display, gpu");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> job.apply(new String[] {"--frames", "1"}));
            assertTrue(e.getMessage(), e.getMessage().startsWith("the main job needs heap type cma:"));
        } finally {
            cma.start();
        }
        job(ALL_FACTORIES);
    }

    @Test
    public void theBundleExportsNothingAndImportsOnlyTheCoreApi() {
        Bundle bundle = installedBundle(BSN);
        assertEquals(Bundle.ACTIVE, bundle.getState());
        assertNull(bundle.getHeaders().get(Constants.EXPORT_PACKAGE));
        Set<String> project = new TreeSet<>();
        for (BundleRequirement r : bundle.adapt(BundleRevision.class)
                .getDeclaredRequirements(BundleRevision.PACKAGE_NAMESPACE)) {
            String pkg = r.getDirectives().get(Constants.FILTER_DIRECTIVE)
                    .replaceAll(".*\\(osgi\\.wiring\\.package=([^)]*)\\).*", "$1");
            if (pkg.startsWith("org.dmabufsim")) {
                project.add(pkg);
            }
        }
        assertTrue(project.toString(), API.containsAll(project));
    }
}
