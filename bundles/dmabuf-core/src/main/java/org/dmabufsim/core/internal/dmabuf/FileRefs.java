// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * The dma-buf file's {@code f_count}, split by owner, and the buffer's life cycle. The thread whose
 * put takes the count to zero gets {@code last == true} and alone runs the release; until it finishes
 * (or aborts the release) the buffer is no longer live, so every other call fails.
 */
final class FileRefs {
    private static final Comparator<Owner> OWNER_ORDER =
            Comparator.comparing(Owner::kind).thenComparing(Owner::id);

    /** Life cycle of a buffer. */
    enum State { LIVE, RELEASING, RELEASED }

    /** What a put did: how many references it dropped and whether they were the last. */
    record Drop(long count, boolean last) {
    }

    private final Object lock = new Object(); // f_count: guards counts, total and state
    private final Map<Owner, Long> counts = new HashMap<>();
    private final String what;
    private long total;
    private volatile State state = State.LIVE;

    FileRefs(Owner first, String what) {
        this.what = what;
        counts.put(Objects.requireNonNull(first, "owner"), 1L);
        total = 1;
    }

    /** {@code get_file}. */
    void get(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        synchronized (lock) {
            ensureLive();
            counts.merge(owner, 1L, Long::sum);
            total++;
        }
    }

    /** {@code fput} of one of {@code owner}'s references. */
    Drop put(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        synchronized (lock) {
            ensureLive();
            long held = counts.getOrDefault(owner, 0L);
            if (held == 0) {
                throw new ErrnoException(Errno.EINVAL, owner + " holds no reference to " + what);
            }
            return drop(owner, held, 1);
        }
    }

    /** Drops every reference {@code owner} holds. */
    Drop putAll(Owner owner) {
        Objects.requireNonNull(owner, "owner");
        synchronized (lock) {
            ensureLive();
            long held = counts.getOrDefault(owner, 0L);
            if (held == 0) {
                return new Drop(0, false);
            }
            return drop(owner, held, held);
        }
    }

    /** Whether {@code owner} holds at least one reference. */
    boolean holds(Owner owner) {
        synchronized (lock) {
            return counts.getOrDefault(owner, 0L) > 0;
        }
    }

    /** The release could not run (BUG): gives the dropped references back and makes the buffer live again. */
    void abortRelease(Owner owner, long count) {
        synchronized (lock) {
            counts.merge(owner, count, Long::sum);
            total += count;
            state = State.LIVE;
        }
    }

    /** The release ran. */
    void released() {
        state = State.RELEASED;
    }

    long total() {
        synchronized (lock) {
            return total;
        }
    }

    Map<Owner, Long> byOwner() {
        synchronized (lock) {
            Map<Owner, Long> copy = new TreeMap<>(OWNER_ORDER);
            copy.putAll(counts);
            return Collections.unmodifiableMap(copy);
        }
    }

    State state() {
        return state;
    }

    boolean isLive() {
        return state == State.LIVE;
    }

    /** Throws {@link IllegalStateException} unless the buffer is live. */
    void ensureLive() {
        State s = state;
        if (s != State.LIVE) {
            throw new IllegalStateException(what + " is " + s.name().toLowerCase(Locale.ROOT));
        }
    }

    private Drop drop(Owner owner, long held, long n) {
        if (held == n) {
            counts.remove(owner);
        } else {
            counts.put(owner, held - n);
        }
        total -= n;
        boolean last = total == 0;
        if (last) {
            state = State.RELEASING;
        }
        return new Drop(n, last);
    }
}
