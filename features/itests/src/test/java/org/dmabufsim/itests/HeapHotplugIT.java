// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dmabuf.DmaBuf;
import org.dmabufsim.dmabuf.ExportInfo;
import org.dmabufsim.dmabuf.HeapInfo;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.Simulation;
import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleRevision;

/**
 * The system heap bundle stopped, updated, and uninstalled then refreshed while buffers of its heap
 * live: one the GPU maps, one a process has {@code mmap}ed and written (rule H1, H2 of the
 * reliability notes; the core owns buffers, pages and release). While the bundle is gone new
 * allocations are ENODEV and the heap is not listed; the buffers keep their data and finish their
 * lives through the display, the GPU and the CPU with nothing of the bundle; the heap's pools go
 * back to the buddy allocator with the buffers' pages. An updated or uninstalled revision leaves
 * nothing removal-pending after a refresh, and its class loader is collected while the buffers
 * still live. The heap bundle comes back (start, the update's new revision, a new install) and
 * allocates again.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HeapHotplugIT extends HotplugSupport {
    private static final String HEAP_SYSTEM = "heap-system";
    private static final String HEAP_BSN = "org.dmabufsim.heap-system";
    private static final Owner OWNER = Owner.bundle("org.dmabufsim.itests");

    @Override
    protected Option projectBundles() {
        return composite(super.projectBundles(), reactorBundle(HEAP_SYSTEM), reactorBundle("device-gpu"),
                reactorBundle("device-display"));
    }

    @Test
    public void a_stoppedHeapBundleDrainsAndItsBuffersLiveOn() throws Exception {
        Simulation sim = configuredSimulation();
        LiveHeapBuffers live = LiveHeapBuffers.create(sim);
        Bundle heap = installedBundle(HEAP_BSN);

        heap.stop();
        try {
            // static reference: DS removed the heap before the factory service left the registry
            live.assertHeapGone();
            live.finishLifecycle();
            live.assertBalanced();
        } finally {
            heap.start();
        }

        awaitHeap(sim);
        assertAllocates(sim);
    }

    @Test
    public void b_updatedHeapBundleLeavesTheOldRevisionCollectableWhileItsBuffersLive() throws Exception {
        Simulation sim = configuredSimulation();
        LiveHeapBuffers live = LiveHeapBuffers.create(sim);
        Bundle heap = installedBundle(HEAP_BSN);
        BundleRevision old = heap.adapt(BundleRevision.class);
        ClassLoaderWatch oldLoader = watchClassLoader(heap);
        List<String> whileStopped = new ArrayList<>();
        SynchronousBundleListener probe = event -> {
            if (event.getBundle().equals(heap) && event.getType() == BundleEvent.STOPPED) {
                whileStopped.add(allocationResult(sim));
            }
        };
        context.addBundleListener(probe);
        try {
            updateFrom(heap, HEAP_SYSTEM);
        } finally {
            context.removeBundleListener(probe);
        }
        refresh(heap);

        assertEquals("allocation while the bundle was stopped for the update", List.of("ENODEV"), whileStopped);
        assertNotSame(old, heap.adapt(BundleRevision.class));
        old = null; // the test must not keep the old revision reachable itself
        assertEquals(Bundle.ACTIVE, heap.getState());
        assertNoRemovalPendingBundles();
        assertCollected("the heap bundle's old revision", oldLoader);
        // the new revision's heap is in service; the old heap's buffers never go to it
        awaitHeap(sim);
        live.finishLifecycle();
        live.assertBalanced();
        assertAllocates(sim);
    }

    @Test
    public void c_uninstalledAndRefreshedHeapBundleLeavesNothingAndCanComeBack() throws Exception {
        Simulation sim = configuredSimulation();
        LiveHeapBuffers live = LiveHeapBuffers.create(sim);
        Bundle heap = installedBundle(HEAP_BSN);
        long oldId = heap.getBundleId();
        ClassLoaderWatch oldLoader = watchClassLoader(heap);

        heap.uninstall();
        refresh(heap);

        assertNoRemovalPendingBundles();
        live.assertHeapGone();
        assertCollected("the uninstalled heap bundle", oldLoader);
        live.finishLifecycle();
        live.assertBalanced();

        Bundle again = installAndStart(HEAP_SYSTEM);
        assertNotEquals(oldId, again.getBundleId());
        awaitHeap(sim);
        assertAllocates(sim);
    }

    /** The default simulation with the system heap, gpu0 and display0 configured (deleted after the test). */
    private Simulation configuredSimulation() throws Exception {
        Simulation sim = defaultSimulation();
        configureSystemHeap();
        configureDevice("gpu0", "gpu", LiveHeapBuffers.EDGE);
        configureDevice("display0", "display", LiveHeapBuffers.EDGE);
        awaitHeap(sim);
        await("drivers gpu0 and display0", () -> sim.drivers().find("gpu0").isPresent()
                && sim.drivers().find("display0").isPresent());
        return sim;
    }

    private static void awaitHeap(Simulation sim) throws InterruptedException {
        await("heap " + LiveHeapBuffers.HEAP, () -> sim.heaps().find(LiveHeapBuffers.HEAP).isPresent());
    }

    /** What an allocation from the system heap gives now: "ok" or the errno's name. */
    private static String allocationResult(Simulation sim) {
        try {
            sim.heaps().allocate(LiveHeapBuffers.HEAP, LiveHeapBuffers.LEN, 0, ExportInfo.O_RDWR, OWNER).put(OWNER);
            return "ok";
        } catch (ErrnoException e) {
            return e.errno().name();
        }
    }

    private static void assertAllocates(Simulation sim) {
        DmaBuf buffer = sim.heaps().allocate(LiveHeapBuffers.HEAP, LiveHeapBuffers.LEN, 0, ExportInfo.O_RDWR, OWNER);
        assertEquals(List.of(1L), sim.heaps().list().stream().map(HeapInfo::liveBuffers).toList());
        buffer.put(OWNER);
        assertTrue(buffer.isReleased());
    }
}
