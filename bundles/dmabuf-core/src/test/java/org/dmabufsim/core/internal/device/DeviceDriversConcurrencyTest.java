// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

/** Probes and unbinds racing on a few names: the registry and the devices stay consistent. */
class DeviceDriversConcurrencyTest {
    private static final int THREADS = 4;
    private static final int ROUNDS = 300;
    private static final int NAMES = 3;

    @Test
    void racingAddAndRemoveOfFewNamesKeepDriversAndDevicesInStep() throws Exception {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults())) {
            DeviceDriversImpl drivers = sim.drivers();
            DeviceModelFactory display = ImportingDriver.factory("display", false);
            AtomicInteger added = new AtomicInteger();
            AtomicInteger refused = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(THREADS);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ROUNDS; i++) {
                        String name = "display" + random.nextInt(NAMES);
                        if (random.nextBoolean()) {
                            tryAdd(drivers, display, name, added, refused);
                        } else {
                            drivers.remove(name);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();

            List<String> live = drivers.list().stream().map(DeviceDriver::name).sorted().toList();
            assertEquals(live, sim.devices().list().stream().map(DmaDevice::name).sorted().toList());
            assertTrue(added.get() > 0 && refused.get() > 0, added + " added, " + refused + " refused");
            live.forEach(drivers::remove);
            assertEquals(List.of(), drivers.list());
            assertEquals(List.of(), sim.devices().list());
            assertEquals(0, sim.dmaDebug().errorCount());
        }
    }

    private static void tryAdd(DeviceDriversImpl drivers, DeviceModelFactory factory, String name,
            AtomicInteger added, AtomicInteger refused) {
        try {
            DeviceDriver driver = drivers.add(DeviceConfig.of(name, "display"), factory);
            assertEquals(name, driver.device().name());
            added.incrementAndGet();
        } catch (ErrnoException e) {
            // the registry refuses a name while an instance of it lives, is probed or is unbound
            assertEquals(Errno.EEXIST, e.errno(), e.getMessage());
            assertTrue(e.getMessage().contains("the name is in use by a driver instance"), e.getMessage());
            refused.incrementAndGet();
        }
    }
}
