// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.MemTxResult;
import org.dmabufsim.workloads.Evidence.DeviceFaults;

/**
 * Names the causes of a run's wrong data, in pipeline order, from its {@link Evidence}: each wrong
 * stage is explained by what the oracle saw (faults at physical addresses, tables overwritten by
 * another importer, begin/end_cpu_access that did no maintenance). Stateless.
 */
final class Verdict {
    static final String CORRECT = "correct";

    private Verdict() {
    }

    /** The causes, first the earliest in the pipeline; {@code [correct]} when every frame was right. */
    static List<String> causes(Evidence e) {
        List<String> causes = new ArrayList<>();
        faults(e, causes);
        if (e.wrong(Stage.CAMERA) > 0 && e.faultsOf(Rig.CAMERA) == null) {
            causes.add("the camera's frames did not reach DRAM");
        }
        cpu(e, causes);
        gpu(e, causes);
        display(e, causes);
        if (!e.stopped().isEmpty()) {
            causes.add(e.stopped());
        }
        if (causes.isEmpty()) {
            causes.add(e.framesCorrect() == e.frames() ? CORRECT : "wrong frames, cause not attributed");
        }
        return causes;
    }

    /** IOMMU faults: at physical addresses, through another importer's IOVAs, or otherwise. */
    private static void faults(Evidence e, List<String> causes) {
        List<String> handedPhys = new ArrayList<>();
        for (DeviceFaults f : e.faults()) {
            if (f.atPhysicalAddress() > 0) {
                handedPhys.add(role(f.device()));
            }
        }
        if (!handedPhys.isEmpty()) {
            causes.add("IOMMU faults: " + String.join(" and ", handedPhys) + (handedPhys.size() == 1 ? " was" : " were")
                    + " handed physical addresses");
        }
        for (DeviceFaults f : e.faults()) {
            if (f.atPhysicalAddress() == f.count()) {
                continue;
            }
            String by = e.handedBy().get(f.device());
            causes.add(by == null ? "IOMMU faults: " + role(f.device()) + " used IOVAs it had not mapped"
                    : "IOMMU faults: " + role(f.device()) + " used " + possessive(by)
                            + (f.atLiveForeignIova() > 0 ? "" : " stale") + " IOVAs: the shared table was overwritten");
        }
    }

    private static void cpu(Evidence e, List<String> causes) {
        if (e.wrong(Stage.CPU_READ) > 0) {
            causes.add(e.beginReadWalked() == 0 ? "stale CPU reads: begin_cpu_access did no invalidate"
                    : "stale CPU reads although begin_cpu_access walked " + e.beginReadWalked() + " lines");
        }
        if (e.wrong(Stage.CPU_WRITE) > 0) {
            causes.add(e.endWriteWalked() == 0 ? "CPU writes stuck in the cache: end_cpu_access did no clean"
                    : "CPU writes lost although end_cpu_access walked " + e.endWriteWalked() + " lines");
        }
    }

    private static void gpu(Evidence e, List<String> causes) {
        if (e.faultsOf(Rig.GPU) != null) {
            return;
        }
        if (e.wrong(Stage.GPU_READ) > 0) {
            causes.add(e.gpuCoherent() ? "coherent GPU read stale clean lines" : "the GPU read stale data");
        }
        if (e.wrong(Stage.GPU_WRITE) > 0) {
            causes.add("the GPU's output did not reach DRAM");
        }
    }

    private static void display(Evidence e, List<String> causes) {
        if (e.wrong(Stage.DISPLAY) == 0) {
            return;
        }
        String handed = e.handedBy().get(Rig.DISPLAY);
        MemTxResult failure = e.dmaFailures().get(Rig.DISPLAY);
        if (handed != null) {
            causes.add("the display was handed " + possessive(handed) + " IOVAs as bus addresses: the shared table"
                    + " was overwritten");
        } else if (failure != null) {
            causes.add("display DMA failed (" + failure + ")");
        } else {
            causes.add("display scanned out data that was not in DRAM");
        }
    }

    /** How the report names a device: its role in the pipeline. */
    static String role(String device) {
        return switch (device) {
            case Rig.CAMERA -> "the camera";
            case Rig.GPU -> "the GPU";
            case Rig.DISPLAY -> "the display";
            default -> device;
        };
    }

    private static String possessive(String device) {
        String role = role(device);
        return role.startsWith("the ") ? role + "'s" : device + "'s";
    }

    /** Whether a list of causes means correct data. */
    static boolean isCorrect(List<String> causes) {
        return causes.equals(List.of(CORRECT));
    }
}
