// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.ImportedBuffer;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgTable;

/**
 * Watches the DMA addresses in the tables drivers hold mapped from import on, and names the first
 * actor after whose step they changed. Under ION v4.9 every importer holds the buffer's one shared
 * table, so a driver that {@code dma_map_sg}s it rewrites the addresses every other importer
 * programs its device from. Not thread-safe: confined to its run.
 */
final class TableWatch {
    private final List<Watched> watched = new ArrayList<>();

    /** One driver's mapping of one buffer. */
    private static final class Watched {
        final String device;
        final String buffer;
        final DeviceDriver driver;
        final ImportedBuffer imported;
        final long[] atImport;
        String overwrittenBy;

        Watched(String buffer, DeviceDriver driver, ImportedBuffer imported, long[] atImport) {
            this.device = driver.name();
            this.buffer = buffer;
            this.driver = driver;
            this.imported = imported;
            this.atImport = atImport;
        }
    }

    /** Starts watching {@code imported} if its driver holds it mapped now (mapped at import). */
    void watch(String buffer, DeviceDriver driver, ImportedBuffer imported) {
        driver.mappedTable(imported).ifPresent(t -> watched.add(new Watched(buffer, driver, imported, addresses(t))));
    }

    /** Call after each step of {@code actor} (a device name): attributes changes seen now to it. */
    void after(String actor) {
        for (Watched w : watched) {
            if (w.overwrittenBy != null) {
                continue;
            }
            Optional<SgTable> now = w.driver.mappedTable(w.imported);
            if (now.isPresent() && !Arrays.equals(addresses(now.get()), w.atImport)) {
                w.overwrittenBy = actor;
            }
        }
    }

    /** For each device whose table changed: who changed it first, by device name. */
    Map<String, String> overwriters() {
        Map<String, String> out = new TreeMap<>();
        for (Watched w : watched) {
            if (w.overwrittenBy != null) {
                out.putIfAbsent(w.device, w.overwrittenBy);
            }
        }
        return out;
    }

    /** {@code sg_dma_address} and {@code sg_dma_len} of every entry. */
    private static long[] addresses(SgTable table) {
        List<Scatterlist> entries = table.entries();
        long[] out = new long[entries.size() * 2];
        for (int i = 0; i < entries.size(); i++) {
            out[2 * i] = entries.get(i).dmaAddress();
            out[2 * i + 1] = entries.get(i).dmaLength();
        }
        return out;
    }
}
