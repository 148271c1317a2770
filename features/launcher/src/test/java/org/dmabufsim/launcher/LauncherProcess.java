// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Test helper: copies the assembled app, builds fixture bundles, runs {@code java -jar launcher.jar}. */
final class LauncherProcess {
    /** Far above a normal run (about 2 s); reached only if the launcher hangs. */
    static final long TIMEOUT_SECONDS = 90;

    private LauncherProcess() {
    }

    /** What the launcher did: exit status and everything it wrote. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
        }
    }

    /** Runs the launcher of {@code app} with no input; fails (after killing it) if it does not end in time. */
    static Result run(Path app, String... args) throws IOException, InterruptedException {
        return runWithInput(app, "", args);
    }

    /** Runs the launcher of {@code app} reading {@code input}; fails (after killing it) if it does not end in time. */
    static Result runWithInput(Path app, String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(app.resolve("launcher.jar").toString());
        command.addAll(List.of(args));
        Path in = Files.writeString(app.resolve("stdin.txt"), input, StandardCharsets.UTF_8);
        Path out = app.resolve("stdout.txt");
        Path err = app.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(app.toFile())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("launcher still running after " + TIMEOUT_SECONDS + " s (non-daemon threads?)\n"
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** Copies the assembled app, without any framework cache a previous run left. */
    static void copyApp(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                if (relative.startsWith("felix-cache")) {
                    continue;
                }
                Path target = to.resolve(relative.toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    /**
     * Writes a bundle: a manifest and, if {@code activator} is given, that one class file.
     *
     * @param imports the Import-Package header
     */
    static void fixtureBundle(Path jar, String bsn, Class<?> activator, String imports) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", bsn);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", imports);
        if (activator != null) {
            main.putValue("Bundle-Activator", activator.getName());
        }
        Files.createDirectories(jar.getParent());
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            if (activator != null) {
                String entry = activator.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = activator.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }
}
