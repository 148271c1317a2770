// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dmabufsim.dma.DmaFence;
import org.dmabufsim.dmabuf.DmaResv;
import org.dmabufsim.dmabuf.ResvUsage;

/**
 * {@code struct dma_resv} ({@code drivers/dma-buf/dma-resv.c}): one list of fence slots, each with a
 * usage. Adding replaces, in place, a slot holding a signalled fence or a fence of the same context
 * with a usage at least as strong (as {@code dma_resv_add_fence}); otherwise the fence is appended.
 * Readers skip signalled fences, and signalled slots are pruned whenever the list is read.
 *
 * <p>Waiting happens without the lock: {@link #await} takes a snapshot, then calls
 * {@link DmaFence#await()} on each fence in slot order.
 */
public final class DmaResvImpl implements DmaResv {
    private static final String[] USAGE_NAMES = {"kernel", "write", "read", "bookkeep"};

    private final Object lock = new Object(); // dma_resv.lock: guards slots
    private final List<Slot> slots = new ArrayList<>();

    private record Slot(DmaFence fence, ResvUsage usage) {
    }

    @Override
    public void addFence(DmaFence fence, ResvUsage usage) {
        Objects.requireNonNull(fence, "fence");
        Objects.requireNonNull(usage, "usage");
        synchronized (lock) {
            for (int i = 0; i < slots.size(); i++) {
                Slot old = slots.get(i);
                boolean sameContext = old.fence().context() == fence.context()
                        && old.usage().compareTo(usage) >= 0;
                if (sameContext || old.fence().isSignaled()) {
                    slots.set(i, new Slot(fence, usage));
                    return;
                }
            }
            slots.add(new Slot(fence, usage));
        }
    }

    @Override
    public List<DmaFence> fences(ResvUsage usage) {
        List<DmaFence> out = new ArrayList<>();
        for (Slot s : unsignalled(usage)) {
            out.add(s.fence());
        }
        return List.copyOf(out);
    }

    @Override
    public boolean testSignaled(ResvUsage usage) {
        return unsignalled(usage).isEmpty();
    }

    /** {@code dma_resv_wait_timeout(obj, usage, true, MAX_SCHEDULE_TIMEOUT)}, without holding the lock. */
    @Override
    public void await(ResvUsage usage) {
        for (Slot s : unsignalled(usage)) {
            s.fence().await();
        }
    }

    /**
     * {@code dma_resv_describe}: one line per fence of usage READ or stronger, {@code "\t%s fence:"}
     * then {@code dma_fence_describe}'s {@code "%s %s seq %llu %ssignalled\n"} (driver, timeline,
     * seqno). Signalled fences are pruned first, so only unsignalled fences are listed.
     */
    void describe(StringBuilder out) {
        for (Slot s : unsignalled(ResvUsage.READ)) {
            DmaFence f = s.fence();
            out.append(String.format(Locale.ROOT, "\t%s fence:", USAGE_NAMES[s.usage().ordinal()]));
            out.append(String.format(Locale.ROOT, "%s %s seq %s %ssignalled\n", f.driverName(), f.timelineName(),
                    Long.toUnsignedString(f.seqno()), f.isSignaled() ? "" : "un"));
        }
    }

    /** Prunes signalled slots, then returns the slots of {@code usage} or a stronger usage, in slot order. */
    private List<Slot> unsignalled(ResvUsage usage) {
        Objects.requireNonNull(usage, "usage");
        synchronized (lock) {
            slots.removeIf(s -> s.fence().isSignaled());
            List<Slot> out = new ArrayList<>(slots.size());
            for (Slot s : slots) {
                if (s.usage().compareTo(usage) <= 0) {
                    out.add(s);
                }
            }
            return out;
        }
    }
}
