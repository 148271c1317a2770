// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The directory the launcher runs from: {@code launcher.jar}, {@code lib/}, {@code bundles/<level>/},
 * {@code etc/}, {@code deploy/} and the framework cache {@code felix-cache/}. Found from the location
 * of {@code launcher.jar} (so the current directory does not matter), or from the system property
 * {@value #HOME_PROPERTY}.
 *
 * @param dir an absolute, normalized path
 */
record AppHome(Path dir) {

    static final String HOME_PROPERTY = "dmabuf.home";

    AppHome {
        dir = dir.toAbsolutePath().normalize();
    }

    /** The home given by {@value #HOME_PROPERTY}, else the directory holding {@code launcher.jar}. */
    static AppHome locate() {
        String configured = System.getProperty(HOME_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return new AppHome(Path.of(configured));
        }
        try {
            Path jar = Path.of(AppHome.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return new AppHome(jar.getParent());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate launcher.jar: " + e.getMessage(), e);
        }
    }

    Path bundles() {
        return dir.resolve("bundles");
    }

    Path deploy() {
        return dir.resolve("deploy");
    }

    Path etc() {
        return dir.resolve("etc");
    }

    Path cache() {
        return dir.resolve("felix-cache");
    }

    /**
     * The bundle jars to install, by start level: {@code bundles/<level>/*.jar}, levels ascending and
     * jars by file name within a level, so the install order (and so bundle ids) is reproducible.
     *
     * @throws IOException if {@code bundles/} cannot be read, or holds a directory that is not a level
     */
    Map<Integer, List<Path>> bundlesByStartLevel() throws IOException {
        Map<Integer, List<Path>> levels = new TreeMap<>();
        if (!Files.isDirectory(bundles())) {
            throw new IOException("no bundles directory: " + bundles());
        }
        try (Stream<Path> dirs = Files.list(bundles())) {
            for (Path levelDir : dirs.filter(Files::isDirectory).toList()) {
                levels.put(startLevel(levelDir), jars(levelDir));
            }
        }
        return levels;
    }

    private static int startLevel(Path levelDir) throws IOException {
        String name = levelDir.getFileName().toString();
        try {
            int level = Integer.parseInt(name);
            if (level >= 1) {
                return level;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IOException("not a start level (a number >= 1): " + levelDir);
    }

    private static List<Path> jars(Path levelDir) throws IOException {
        try (Stream<Path> files = Files.list(levelDir)) {
            List<Path> jars = new ArrayList<>(files.filter(p -> p.getFileName().toString().endsWith(".jar")).toList());
            jars.sort(Path::compareTo);
            return jars;
        }
    }
}
