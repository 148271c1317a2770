// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.concurrent.atomic.AtomicInteger;
import org.dmabufsim.dma.DmaFence;

/** A fence double: unsignalled until {@link #await()} or {@link #signal()}. */
final class TestFence implements DmaFence {
    private final String driver;
    private final String timeline;
    private final long context;
    private final long seqno;
    private final AtomicInteger awaits = new AtomicInteger();
    private volatile boolean signalled;

    TestFence(String driver, String timeline, long context, long seqno) {
        this.driver = driver;
        this.timeline = timeline;
        this.context = context;
        this.seqno = seqno;
    }

    void signal() {
        signalled = true;
    }

    int awaits() {
        return awaits.get();
    }

    @Override
    public String driverName() {
        return driver;
    }

    @Override
    public String timelineName() {
        return timeline;
    }

    @Override
    public long context() {
        return context;
    }

    @Override
    public long seqno() {
        return seqno;
    }

    @Override
    public boolean isSignaled() {
        return signalled;
    }

    @Override
    public void await() {
        awaits.incrementAndGet();
        signalled = true;
    }

    @Override
    public int error() {
        return 0;
    }

    @Override
    public long timestampNs() {
        return signalled ? 0 : -1;
    }
}
