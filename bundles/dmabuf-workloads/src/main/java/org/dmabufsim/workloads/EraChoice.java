// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import org.dmabufsim.sim.Arm64Era;

/**
 * Which arm64 kernel each run's DMA layer behaves like ({@code --era}): one era for every model, or
 * each model in the era it shipped in.
 */
enum EraChoice {
    /** Every model on v4.x .. v5.18 (for_device invalidates DMA_FROM_DEVICE). */
    UP_TO_5_18("up-to-5.18"),
    /** Every model on v5.19+ (for_device always cleans). */
    FROM_5_19("from-5.19"),
    /** ION models (ION left in v5.11) on {@link Arm64Era#UP_TO_5_18}, the others on {@link Arm64Era#FROM_5_19}. */
    NATIVE("native");

    private final String option;

    EraChoice(String option) {
        this.option = option;
    }

    /** The {@code --era} value. */
    String option() {
        return option;
    }

    /** The era a run of {@code model} gets. */
    Arm64Era eraFor(String model) {
        return switch (this) {
            case UP_TO_5_18 -> Arm64Era.UP_TO_5_18;
            case FROM_5_19 -> Arm64Era.FROM_5_19;
            case NATIVE -> model.startsWith("ion-") ? Arm64Era.UP_TO_5_18 : Arm64Era.FROM_5_19;
        };
    }

    /** How the report names an era. */
    static String describe(Arm64Era era) {
        return era == Arm64Era.UP_TO_5_18 ? "arm64 v4.x-v5.18" : "arm64 v5.19+";
    }

    /** The choice of that {@code --era} value, or {@code null}. */
    static EraChoice of(String option) {
        for (EraChoice c : values()) {
            if (c.option.equals(option)) {
                return c;
            }
        }
        return null;
    }
}
