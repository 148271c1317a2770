// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dmabufsim.device.DeviceDriver;
import org.dmabufsim.device.ImportedBuffer;

/**
 * Watches which DMA addresses each driver that maps at import was handed. Under ION v4.9 every
 * importer holds the buffer's one shared table, and a driver that {@code dma_map_sg}s it writes its
 * own IOVAs into it. A driver copies the addresses into its descriptors when it maps, so the rewrite
 * hurts an importer that maps after it (it is handed the other device's IOVAs, named here) and every
 * driver that later unmaps with the table (dma-debug reports that). Not thread-safe: confined to its
 * run.
 */
final class TableWatch {
    private final List<Watched> watched = new ArrayList<>();
    private final Map<String, String> handedBy = new TreeMap<>();

    /** One driver's mapping of one buffer. */
    private record Watched(String buffer, DeviceDriver driver) {
    }

    /**
     * Notes, if {@code imported} is mapped now (mapped at import), whether the first address its
     * driver was handed is an IOVA that an earlier importer of the same buffer maps and its own device
     * does not: that importer's {@code dma_map_sg} had rewritten the shared table.
     */
    void watch(String buffer, DeviceDriver driver, ImportedBuffer imported) {
        driver.mappedTable(imported).ifPresent(t -> {
            long first = t.get(0).dmaAddress();
            for (Watched earlier : watched) {
                if (earlier.buffer().equals(buffer) && earlier.driver() != driver
                        && mapsIova(earlier.driver(), first) && !mapsIova(driver, first)) {
                    handedBy.putIfAbsent(driver.name(), earlier.driver().name());
                }
            }
            watched.add(new Watched(buffer, driver));
        });
    }

    /** For each device handed another importer's IOVAs at import: that importer, by device name. */
    Map<String, String> handedBy() {
        return Map.copyOf(handedBy);
    }

    /** Whether {@code driver}'s IOMMU domain maps {@code iova} now. */
    static boolean mapsIova(DeviceDriver driver, long iova) {
        return driver.device().iommu().map(d -> d.translate(iova).isPresent()).orElse(false);
    }
}
