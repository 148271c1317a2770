// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayDeque;
import java.util.List;
import org.dmabufsim.core.internal.sim.Ratelimit;
import org.dmabufsim.dma.IommuFault;

/**
 * The faults of one domain: counted ({@code iommuFaults}), kept (the most recent
 * {@link #MAX_RECORDED}), and printed at WARN as {@code arm_smmu_dump_event} prints an SMMUv3 event,
 * under its ratelimit (10 per 5 s of modelled time).
 *
 * @ThreadSafe {@code faults} is guarded by {@code lock}
 */
final class IommuFaults {
    /** Faults kept for {@link #snapshot()}; older ones are dropped, like an overflowing event queue. */
    static final int MAX_RECORDED = 65_536;
    /** {@code dev_name(smmu->dev)} as printed by {@code dev_err}. */
    static final String SMMU = "arm-smmu-v3 arm-smmu-v3.0.auto: ";

    private final Object lock = new Object(); // guards faults
    private final ArrayDeque<IommuFault> faults = new ArrayDeque<>();
    private final String device;
    private final IommuContext ctx;
    private final Ratelimit ratelimit;

    IommuFaults(String device, IommuContext ctx) {
        this.device = device;
        this.ctx = ctx;
        this.ratelimit = Ratelimit.defaults("arm_smmu_dump_event", ctx.clock(), ctx.log());
    }

    /** Records, counts and (ratelimited) prints a fault; returns it. */
    IommuFault report(long iova, boolean write, IommuFault.Reason reason) {
        IommuFault fault = new IommuFault(device, iova, write, reason, ctx.clock().getAsLong());
        ctx.stats().iommuFaults.increment();
        synchronized (lock) {
            if (faults.size() == MAX_RECORDED) {
                faults.removeFirst();
            }
            faults.addLast(fault);
        }
        if (ratelimit.allow()) {
            ctx.log().warn(eventLine(fault));
            ctx.log().warn(classLine(fault));
        }
        return fault;
    }

    List<IommuFault> snapshot() {
        synchronized (lock) {
            return List.copyOf(faults);
        }
    }

    /** {@code "event: %s client: %s sid: %#x ssid: %#x iova: %#llx ipa: %#llx"}. */
    static String eventLine(IommuFault f) {
        String event = f.reason() == IommuFault.Reason.TRANSLATION ? "F_TRANSLATION" : "F_PERMISSION";
        return SMMU + "event: " + event + " client: " + f.device() + " sid: " + cHex(0) + " ssid: " + cHex(0)
                + " iova: " + cHex(f.iova()) + " ipa: " + cHex(0);
    }

    /** {@code "%s %s %s %s \"%s\"%s%s stag: %#x"}: an unprivileged stage-1 data access. */
    static String classLine(IommuFault f) {
        return SMMU + "unpriv data " + (f.write() ? "write" : "read") + " s1 \"Input address caused fault\" stag: "
                + cHex(0);
    }

    /** C's {@code %#x}: no prefix for zero. */
    static String cHex(long v) {
        return v == 0 ? "0" : "0x" + Long.toHexString(v);
    }
}
