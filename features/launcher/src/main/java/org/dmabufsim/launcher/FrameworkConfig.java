// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The framework properties, from three sources, later ones winning: the launcher's defaults (below),
 * {@code etc/framework.properties}, and {@code -D} system properties with the same key. In values
 * read from the file, {@code ${dmabuf.home}} stands for the launcher's home directory.
 */
final class FrameworkConfig {
    static final String FILE_NAME = "framework.properties";
    static final String HOME_VARIABLE = "${" + AppHome.HOME_PROPERTY + "}";

    private FrameworkConfig() {
    }

    /**
     * The properties to create the framework with.
     *
     * @throws IOException if {@code etc/framework.properties} exists but cannot be read
     */
    static Map<String, String> load(AppHome home) throws IOException {
        Map<String, String> config = defaults(home);
        Path file = home.etc().resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            String dir = home.dir().toString();
            properties.stringPropertyNames()
                    .forEach(key -> config.put(key, properties.getProperty(key).replace(HOME_VARIABLE, dir)));
        }
        config.keySet().forEach(key -> config.computeIfPresent(key, (k, v) -> System.getProperty(k, v)));
        return config;
    }

    /** The launcher's own defaults; sorted so that a dump of them reads well. */
    static Map<String, String> defaults(AppHome home) {
        Map<String, String> config = new TreeMap<>();
        config.put("org.osgi.framework.storage", home.cache().toString());
        config.put("org.osgi.framework.storage.clean", "onFirstInit");
        config.put("org.osgi.framework.startlevel.beginning", "1");
        config.put("felix.fileinstall.dir", home.deploy().toString());
        config.put("felix.fileinstall.filter", ".*\\.(jar|cfg)");
        config.put("felix.fileinstall.poll", "500");
        config.put("felix.fileinstall.noInitialDelay", "true");
        // Never write configurations back into deploy/: FileInstall's write-back races with its own
        // reading at start and has truncated shipped .cfg files to zero bytes.
        config.put("felix.fileinstall.enableConfigSave", "false");
        // Gogo's console reads etc/gosh_profile from here (it only runs with --shell, see Main).
        config.put("gosh.home", home.dir().toString());
        return config;
    }
}
