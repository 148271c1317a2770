// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatelimitTest {
    private final AtomicLong now = new AtomicLong(100);
    private final KernelLogImpl log = new KernelLogImpl("t", now::get);

    @Test
    @DisplayName("___ratelimit: burst per interval, then one 'callbacks suppressed' line when the next interval opens")
    void burstThenSuppressed() {
        Ratelimit rs = new Ratelimit("f", 1000, 3, now::get, log);
        for (int i = 0; i < 3; i++) {
            assertTrue(rs.allow());
        }
        assertFalse(rs.allow());
        assertFalse(rs.allow());
        assertEquals(2, rs.missed());
        now.set(1100); // begin + interval is not yet passed
        assertFalse(rs.allow());
        now.set(1101);
        assertTrue(rs.allow());
        assertEquals(1, log.records().size());
        assertEquals("f: 3 callbacks suppressed", log.records().get(0).message());
        assertEquals(0, rs.missed());
    }

    @Test
    @DisplayName("the defaults are the kernel's: 10 per 5 s")
    void defaults() {
        Ratelimit rs = Ratelimit.defaults("g", now::get, log);
        int allowed = 0;
        for (int i = 0; i < 20; i++) {
            allowed += rs.allow() ? 1 : 0;
        }
        assertEquals(10, allowed);
    }
}
