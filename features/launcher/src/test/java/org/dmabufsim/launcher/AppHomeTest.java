// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppHomeTest {

    @TempDir
    Path dir;

    @Test
    void bundlesAreOrderedByLevelThenFileName() throws IOException {
        touch("bundles/10/a.jar");
        touch("bundles/2/z.jar");
        touch("bundles/2/b.jar");
        touch("bundles/2/notes.txt");
        touch("bundles/1/m.jar");

        Map<Integer, List<Path>> levels = new AppHome(dir).bundlesByStartLevel();

        assertEquals(List.of(1, 2, 10), List.copyOf(levels.keySet()));
        assertEquals(List.of(jar("bundles/2/b.jar"), jar("bundles/2/z.jar")), levels.get(2));
        assertEquals(List.of(jar("bundles/10/a.jar")), levels.get(10));
    }

    @Test
    void directoryThatIsNotAStartLevelIsAnError() throws IOException {
        touch("bundles/extra/a.jar");

        IOException e = assertThrows(IOException.class, () -> new AppHome(dir).bundlesByStartLevel());
        assertEquals("not a start level (a number >= 1): " + dir.resolve("bundles/extra"), e.getMessage());
    }

    @Test
    void missingBundlesDirectoryIsAnError() {
        IOException e = assertThrows(IOException.class, () -> new AppHome(dir).bundlesByStartLevel());
        assertEquals("no bundles directory: " + dir.resolve("bundles"), e.getMessage());
    }

    private void touch(String path) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.createFile(file);
    }

    private Path jar(String path) {
        return dir.resolve(path);
    }
}
