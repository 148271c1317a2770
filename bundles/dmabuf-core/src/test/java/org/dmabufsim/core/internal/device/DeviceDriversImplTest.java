// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DriverContext;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The registry itself: drivers that bind no device (see DeviceDriversUnbindTest for those that do). */
class DeviceDriversImplTest {
    @AutoClose
    private final SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults());
    private final DeviceDriversImpl drivers = sim.drivers();
    private final TestDrivers.Factory camera = new TestDrivers.Factory("camera");
    private final TestDrivers.Factory display = new TestDrivers.Factory("display");

    private static List<String> names(List<DeviceDriver> list) {
        return list.stream().map(DeviceDriver::name).toList();
    }

    @Test
    void addedDriversAreListedInCreationOrderAndFoundByName() {
        DeviceDriver c1 = drivers.add(DeviceConfig.of("camera1", "camera"), camera);
        drivers.add(DeviceConfig.of("display0", "display"), display);
        drivers.add(DeviceConfig.of("camera0", "camera"), camera);

        assertEquals(List.of("camera1", "display0", "camera0"), names(drivers.list()));
        assertSame(c1, drivers.find("camera1").orElseThrow());
        assertEquals(Optional.empty(), drivers.find("gpu0"));
    }

    @Test
    void theDriverGetsTheSimulationAndItsConfig() {
        DeviceConfig config = new DeviceConfig("camera0", "camera", Map.of("import.mode", "map-table"));

        TestDrivers.Driver driver = (TestDrivers.Driver) drivers.add(config, camera);

        assertSame(sim, driver.context.sim());
        assertEquals(config, driver.context.config());
    }

    @Test
    void nameInUseIsEexistAndLeavesTheFirst() {
        DeviceDriver first = drivers.add(DeviceConfig.of("camera0", "camera"), camera);

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> drivers.add(DeviceConfig.of("camera0", "display"), display));

        assertEquals(Errno.EEXIST, e.errno());
        assertEquals(List.of(first), drivers.list());
        assertEquals(List.of(), display.closed());
    }

    @Test
    void factoryOfAnotherModelIsEinvalAndNeverAsked() {
        List<DriverContext> asked = new ArrayList<>();
        TestDrivers.Factory gpu = new TestDrivers.Factory("gpu", context -> {
            asked.add(context);
            return null;
        });

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> drivers.add(DeviceConfig.of("gpu0", "camera"), gpu));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("EINVAL: device gpu0: model camera from a factory of model gpu", e.getMessage());
        assertEquals(List.of(), asked);
        assertEquals(List.of(), drivers.list());
    }

    @Test
    void failedProbeLeavesNothingAndFreesTheName() {
        TestDrivers.Factory failing = new TestDrivers.Factory("camera", context -> {
            throw new ErrnoException(Errno.EINVAL, "bad frame.width");
        });

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> drivers.add(DeviceConfig.of("camera0", "camera"), failing));

        assertEquals("EINVAL: bad frame.width", e.getMessage());
        assertEquals(List.of(), drivers.list());
        drivers.add(DeviceConfig.of("camera0", "camera"), camera);
        assertEquals(List.of("camera0"), names(drivers.list()));
    }

    @Test
    void factoryReturningNoDriverIsEinval() {
        TestDrivers.Factory empty = new TestDrivers.Factory("camera", context -> null);

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> drivers.add(DeviceConfig.of("camera0", "camera"), empty));

        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(List.of(), drivers.list());
    }

    @Test
    void removeClosesTheDriverOnceAndForgetsIt() {
        drivers.add(DeviceConfig.of("camera0", "camera"), camera);

        assertTrue(drivers.remove("camera0"));
        assertFalse(drivers.remove("camera0"));

        assertEquals(List.of("camera0"), camera.closed());
        assertEquals(List.of(), drivers.list());
        assertEquals(Optional.empty(), drivers.find("camera0"));
    }

    @Test
    void removingAnUnknownNameIsFalse() {
        assertFalse(drivers.remove("nothing"));
    }

    @Test
    void driverCloseThatThrowsIsLoggedNotPropagatedAndTheDriverIsGone() {
        TestDrivers.Factory broken = new TestDrivers.Factory("camera", context -> new TestDrivers.Driver(context, null,
                d -> {
                    throw new IllegalStateException("driver bug in close");
                }));
        drivers.add(DeviceConfig.of("camera0", "camera"), broken);

        assertTrue(drivers.remove("camera0"));

        assertEquals(List.of(), drivers.list());
    }

    @Test
    void driverCloseThatFailsToLinkIsLoggedNotPropagated() {
        TestDrivers.Factory gone = new TestDrivers.Factory("camera", context -> new TestDrivers.Driver(context, null,
                d -> {
                    throw new NoClassDefFoundError("org/example/device/Gone (bundle uninstalled)");
                }));
        drivers.add(DeviceConfig.of("camera0", "camera"), gone);

        assertTrue(drivers.remove("camera0"));

        assertEquals(List.of(), drivers.list());
    }

    @Test
    void removeAllRemovesExactlyTheFactorysDriversInCreationOrder() {
        drivers.add(DeviceConfig.of("camera1", "camera"), camera);
        drivers.add(DeviceConfig.of("display0", "display"), display);
        drivers.add(DeviceConfig.of("camera0", "camera"), camera);
        TestDrivers.Factory otherCamera = new TestDrivers.Factory("camera");
        drivers.add(DeviceConfig.of("camera2", "camera"), otherCamera);

        assertEquals(2, drivers.removeAll(camera));

        assertEquals(List.of("camera1", "camera0"), camera.closed());
        assertEquals(List.of("display0", "camera2"), names(drivers.list()));
        assertEquals(0, drivers.removeAll(camera));
    }

    @Test
    void openDeviceAfterRemoveIsEnodev() {
        TestDrivers.Driver driver = (TestDrivers.Driver) drivers.add(DeviceConfig.of("camera0", "camera"), camera);
        drivers.remove("camera0");

        ErrnoException e = assertThrows(ErrnoException.class,
                () -> driver.context.openDevice(DeviceSpec.of("camera0", "camera")));

        assertEquals(Errno.ENODEV, e.errno());
        assertEquals("ENODEV: device camera0: driver instance removed, cannot bind camera0", e.getMessage());
    }

    @Test
    void noLockIsHeldWhileTheFactoryOrTheDriverRuns() {
        // the factory and the driver's close ask the registry from another thread: a held lock would time out
        TestDrivers.Factory asking = new TestDrivers.Factory("camera", context -> new TestDrivers.Driver(context,
                null, d -> assertEquals(List.of("display0"), names(fromAnotherThread()))));
        TestDrivers.Factory probing = new TestDrivers.Factory("display", context -> {
            assertEquals(List.of("camera0"), names(fromAnotherThread()));
            return new TestDrivers.Driver(context, null, d -> { });
        });
        drivers.add(DeviceConfig.of("camera0", "camera"), asking);

        drivers.add(DeviceConfig.of("display0", "display"), probing);
        assertTrue(drivers.remove("camera0"));

        assertEquals(List.of("display0"), names(drivers.list()));
    }

    @Test
    void theNameStaysTakenUntilTheDriverIsUnbound() {
        List<Errno> duringClose = new ArrayList<>();
        TestDrivers.Factory slow = new TestDrivers.Factory("camera", context -> new TestDrivers.Driver(context, null,
                d -> duringClose.add(addFromAnotherThread(DeviceConfig.of("camera0", "camera")))));
        drivers.add(DeviceConfig.of("camera0", "camera"), slow);

        drivers.remove("camera0");

        assertEquals(List.of(Errno.EEXIST), duringClose);
        assertEquals("camera0", drivers.add(DeviceConfig.of("camera0", "camera"), camera).name());
    }

    /** add on another thread: null if it succeeded, else its errno. */
    private Errno addFromAnotherThread(DeviceConfig config) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    drivers.add(config, camera);
                    return null;
                } catch (ErrnoException e) {
                    return e.errno();
                }
            }).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the registry is locked while plug-in code runs", e);
        }
    }

    private List<DeviceDriver> fromAnotherThread() {
        try {
            return CompletableFuture.supplyAsync(drivers::list).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the registry is locked while plug-in code runs", e);
        }
    }

    @Test
    void afterRemoveTheCoreHoldsNoReferenceToTheDriverOrItsContext() throws InterruptedException {
        TestDrivers.Driver driver = (TestDrivers.Driver) drivers.add(DeviceConfig.of("camera0", "camera"), camera);
        WeakReference<DeviceDriver> driverRef = new WeakReference<>(driver);
        WeakReference<DriverContext> contextRef = new WeakReference<>(driver.context);
        driver = null;

        drivers.remove("camera0");

        assertNull(awaitCleared(driverRef));
        assertNull(awaitCleared(contextRef));
    }

    /** Collects garbage until {@code ref} is cleared (bounded), then returns what it holds. */
    static <T> T awaitCleared(WeakReference<T> ref) throws InterruptedException {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        return ref.get();
    }
}
