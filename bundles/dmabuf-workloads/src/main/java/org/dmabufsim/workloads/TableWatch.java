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
 * Watches the DMA addresses in the tables drivers hold mapped from import on. Under ION v4.9 every
 * importer holds the buffer's one shared table, and a driver that {@code dma_map_sg}s it writes its
 * own IOVAs into it. A driver copies the addresses into its descriptors when it maps, so the
 * rewrite hurts an importer that maps after it (it is handed the other device's IOVAs) and every
 * driver that later unmaps with the table (it passes addresses it did not map). This names, per
 * device, whose IOVAs it was handed at import, and the first actor after whose step its table
 * changed. Not thread-safe: confined to its run.
 */
final class TableWatch {
    private final List<Watched> watched = new ArrayList<>();
    private final Map<String, String> handedBy = new TreeMap<>();

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

    /**
     * Starts watching {@code imported} if its driver holds it mapped now (mapped at import), and
     * notes whether the first address it was handed is an IOVA that an earlier importer of the same
     * buffer maps and its own device does not: that importer's {@code dma_map_sg} had rewritten the
     * shared table.
     */
    void watch(String buffer, DeviceDriver driver, ImportedBuffer imported) {
        driver.mappedTable(imported).ifPresent(t -> {
            long[] now = addresses(t);
            for (Watched earlier : watched) {
                if (earlier.buffer.equals(buffer) && !earlier.device.equals(driver.name())
                        && mapsIova(earlier.driver, now[0]) && !mapsIova(driver, now[0])) {
                    handedBy.putIfAbsent(driver.name(), earlier.device);
                }
            }
            watched.add(new Watched(buffer, driver, imported, now));
        });
    }

    /** For each device handed another importer's IOVAs at import: that importer, by device name. */
    Map<String, String> handedBy() {
        return Map.copyOf(handedBy);
    }

    private static boolean mapsIova(DeviceDriver driver, long iova) {
        return driver.device().iommu().map(d -> d.translate(iova).isPresent()).orElse(false);
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
