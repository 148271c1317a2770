// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import java.util.function.LongSupplier;

/**
 * {@code struct ratelimit_state} and {@code ___ratelimit()} on the modelled clock: at most
 * {@code burst} messages per {@code interval}; when a new interval starts after messages were
 * dropped, {@code "<func>: <n> callbacks suppressed"} is printed at WARN first, as the kernel does.
 *
 * @ThreadSafe
 */
public final class Ratelimit {
    /** {@code DEFAULT_RATELIMIT_INTERVAL}: 5 seconds. */
    public static final long DEFAULT_INTERVAL_NS = 5_000_000_000L;
    /** {@code DEFAULT_RATELIMIT_BURST}. */
    public static final int DEFAULT_BURST = 10;

    private final Object lock = new Object(); // rs->lock: guards begin, printed, missed
    private final String func;
    private final long intervalNs;
    private final int burst;
    private final LongSupplier clock;
    private final KernelLogImpl log;
    private long begin = -1;
    private int printed;
    private int missed;

    public Ratelimit(String func, long intervalNs, int burst, LongSupplier clock, KernelLogImpl log) {
        this.func = func;
        this.intervalNs = intervalNs;
        this.burst = burst;
        this.clock = clock;
        this.log = log;
    }

    /** The kernel's defaults (5 s, burst 10) for messages printed from {@code func}. */
    public static Ratelimit defaults(String func, LongSupplier clock, KernelLogImpl log) {
        return new Ratelimit(func, DEFAULT_INTERVAL_NS, DEFAULT_BURST, clock, log);
    }

    /** {@code __ratelimit(rs)}: whether the caller may print now. */
    public boolean allow() {
        int suppressed = 0;
        boolean ok;
        synchronized (lock) {
            long now = clock.getAsLong();
            if (begin < 0) {
                begin = now;
            }
            if (now > begin + intervalNs) {
                suppressed = missed;
                missed = 0;
                begin = now;
                printed = 0;
            }
            ok = burst > printed;
            if (ok) {
                printed++;
            } else {
                missed++;
            }
        }
        if (suppressed > 0) {
            log.warn(func + ": " + suppressed + " callbacks suppressed");
        }
        return ok;
    }

    /** Messages dropped in the current interval. */
    public int missed() {
        synchronized (lock) {
            return missed;
        }
    }
}
