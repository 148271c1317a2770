// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Keeps this package honest: it must exercise the acceptance cases through the exported API alone,
 * as the outside acceptance suite does. Every import is from the JDK, JUnit, jqwik or an exported
 * package, and no internal type is named.
 */
class ExportedApiOnlyTest {
    private static final Path SOURCES = Path.of("src", "test", "java", "org", "dmabufsim", "acceptance");
    private static final Pattern ALLOWED_IMPORT = Pattern.compile("import (static )?(java\\.|org\\.junit\\."
            + "|net\\.jqwik\\.|org\\.dmabufsim\\.(sim|mem|dma|dmabuf|dmabuf\\.spi|device)\\.[A-Z]).*");
    private static final Pattern INTERNAL_TYPE = Pattern.compile("org\\.dmabufsim\\.core\\.internal\\.[a-z.]*[A-Z]");

    @Test
    @DisplayName("the acceptance tests import only the JDK, JUnit, jqwik and the exported packages")
    void acceptanceTestsUseTheExportedApiOnly() throws IOException {
        List<String> offending = new ArrayList<>();
        int files = 0;
        try (Stream<Path> paths = Files.list(SOURCES)) {
            for (Path p : paths.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                files++;
                for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
                    boolean badImport = line.startsWith("import ") && !ALLOWED_IMPORT.matcher(line).matches();
                    if (badImport || INTERNAL_TYPE.matcher(line).find()) {
                        offending.add(p.getFileName() + ": " + line);
                    }
                }
            }
        }
        assertTrue(files >= 12, "found the sources: " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), offending);
    }
}
