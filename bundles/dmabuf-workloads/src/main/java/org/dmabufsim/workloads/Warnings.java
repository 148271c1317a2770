// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufsim.dma.DmaDebugError;

/** Explains the runs' dma-debug reports in words, apart from their data verdicts. Stateless. */
final class Warnings {

    private Warnings() {
    }

    /** A run's reports by class, with the devices that caused overlaps, and whether its data was right. */
    static String explain(RunResult r) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<DmaDebugError, Long> e : r.dmaDebugErrors().entrySet()) {
            String part = e.getKey().name() + " " + e.getValue();
            if (e.getKey() == DmaDebugError.OVERLAP_EEXIST && !r.overlapsByDevice().isEmpty()) {
                List<String> by = new ArrayList<>();
                r.overlapsByDevice().forEach((device, n) -> by.add(device + " " + n + "x"));
                part += " (mapped by " + String.join(", ", by) + ")";
            }
            parts.add(part);
        }
        return String.join(", ", parts) + (r.correct() ? "; the data is correct" : "; the data verdict is above");
    }

    /** What each reported class means, once per class, in the enum's order. */
    static List<String> meanings(List<RunResult> rows) {
        Set<DmaDebugError> seen = EnumSet.noneOf(DmaDebugError.class);
        rows.forEach(r -> seen.addAll(r.dmaDebugErrors().keySet()));
        List<String> out = new ArrayList<>();
        for (DmaDebugError error : seen) {
            String text = error.name() + ": \"" + error.text() + "\"";
            out.add(text + meaning(error));
        }
        return out;
    }

    private static String meaning(DmaDebugError error) {
        return switch (error) {
            case OVERLAP_EEXIST -> " (rule 104): a device mapped cache lines that another device already held with a"
                    + " write-capable mapping (DMA_FROM_DEVICE or DMA_BIDIRECTIONAL), without DMA_ATTR_SKIP_CPU_SYNC;"
                    + " the kernel prints it since ~v5.14 (this dma-debug is that one on every era). A DMA-API"
                    + " warning, not corruption: a model that maps the second device with DMA_ATTR_SKIP_CPU_SYNC"
                    + " (skip-cpu-sync) avoids it.";
            case UNMAP_NOT_ALLOCATED -> " (rule 100): at release a driver's dma_unmap_sg passed the addresses the"
                    + " shared table holds now, another importer's IOVAs, not the ones it mapped; its own IOVA range"
                    + " stays mapped and leaks.";
            case UNMAP_INVALID_ADDRESS -> " (rule 100): the same unmap went on through the table's entries past"
                    + " the merged segment, whose dma address is DMA_MAPPING_ERROR, because dma-debug found no"
                    + " mapping to count the entries by.";
            default -> "";
        };
    }
}
