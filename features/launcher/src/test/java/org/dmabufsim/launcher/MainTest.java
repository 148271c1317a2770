// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The paths of {@link Main} that end before any framework starts (the rest is in {@code LauncherIT}). */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Main main = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), System.nanoTime());

    @Test
    void helpPrintsUsageOnStandardOutputAndSucceeds() {
        assertEquals(Main.EXIT_OK, main.run("--help"));

        assertEquals(LauncherOptions.USAGE + System.lineSeparator(), text(out));
        assertEquals("", text(err));
    }

    @Test
    void badCommandLineExitsTwoWithTheReasonAndUsage() {
        assertEquals(Main.EXIT_USAGE, main.run("--bogus"));

        assertEquals("", text(out));
        assertTrue(text(err).startsWith("dmabuf-sim: unknown option: --bogus" + System.lineSeparator() + "usage: "),
                text(err));
    }

    private static String text(ByteArrayOutputStream stream) {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
