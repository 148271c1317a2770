// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherOptionsTest {

    @Test
    void noArgumentsRunsTheMainJobWithTheDefaultTimeout() {
        LauncherOptions options = LauncherOptions.parse();

        assertEquals(new LauncherOptions(false, false, true, "main", Duration.ofSeconds(30), List.of()), options);
    }

    @Test
    void everythingAfterTheLauncherOptionsBelongsToTheJob() {
        LauncherOptions options = LauncherOptions.parse("--job-timeout", "2", "compare", "--seed", "7");

        assertEquals(Duration.ofSeconds(2), options.jobTimeout());
        assertEquals(List.of("compare", "--seed", "7"), options.jobArgs());
    }

    @Test
    void doubleDashEndsTheLauncherOptions() {
        LauncherOptions options = LauncherOptions.parse("--job=other", "--", "--shell", "x");

        assertEquals("other", options.job());
        assertFalse(options.shell());
        assertEquals(List.of("--shell", "x"), options.jobArgs());
    }

    @Test
    void shellAloneDoesNotRunTheJob() {
        LauncherOptions options = LauncherOptions.parse("--shell");

        assertTrue(options.shell());
        assertFalse(options.runJob());
    }

    @Test
    void shellWithRunRunsTheJobFirst() {
        LauncherOptions options = LauncherOptions.parse("--run", "--shell");

        assertTrue(options.shell());
        assertTrue(options.runJob());
    }

    @Test
    void helpIsRecognisedInBothSpellings() {
        assertTrue(LauncherOptions.parse("-h").help());
        assertTrue(LauncherOptions.parse("--help").help());
    }

    @Test
    void unknownOptionIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--shel"));
        assertEquals("unknown option: --shel", e.getMessage());
    }

    @Test
    void missingValueIsAUsageError() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--job-timeout"));
        assertEquals("option --job-timeout needs a value", e.getMessage());
    }

    @Test
    void timeoutMustBeAPositiveWholeNumberOfSeconds() {
        for (String bad : List.of("0", "-1", "1.5", "soon")) {
            UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--job-timeout=" + bad));
            assertEquals("bad --job-timeout '" + bad + "': a whole number of seconds > 0", e.getMessage());
        }
    }

    @Test
    void jobNameCannotInjectIntoTheServiceFilter() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--job", "x)(a=*"));
        assertEquals("bad job name 'x)(a=*': use letters, digits, '.', '_' or '-'", e.getMessage());
    }

    @Test
    void flagsTakeNoValue() {
        UsageException e = assertThrows(UsageException.class, () -> LauncherOptions.parse("--shell=yes"));
        assertEquals("option --shell takes no value", e.getMessage());
    }
}
