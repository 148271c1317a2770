// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameworkConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsPutCacheAndDeployUnderTheHome() throws IOException {
        Map<String, String> config = FrameworkConfig.load(new AppHome(dir));

        assertEquals(dir.resolve("felix-cache").toString(), config.get("org.osgi.framework.storage"));
        assertEquals("onFirstInit", config.get("org.osgi.framework.storage.clean"));
        assertEquals("1", config.get("org.osgi.framework.startlevel.beginning"));
        assertEquals(dir.resolve("deploy").toString(), config.get("felix.fileinstall.dir"));
        assertEquals(".*\\.(jar|cfg)", config.get("felix.fileinstall.filter"));
        assertEquals(dir.toString(), config.get("gosh.home"));
    }

    @Test
    void fileOverridesDefaultsAndExpandsTheHome() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/framework.properties"),
                "felix.fileinstall.poll = 2000\nfelix.fileinstall.dir = ${dmabuf.home}/hot\nds.loglevel = warn\n");

        Map<String, String> config = FrameworkConfig.load(new AppHome(dir));

        assertEquals("2000", config.get("felix.fileinstall.poll"));
        assertEquals(dir + "/hot", config.get("felix.fileinstall.dir"));
        assertEquals("warn", config.get("ds.loglevel"));
    }

    @Test
    void systemPropertyOverridesTheFile() throws IOException {
        Files.createDirectories(dir.resolve("etc"));
        Files.writeString(dir.resolve("etc/framework.properties"), "felix.fileinstall.poll = 2000\n");
        String key = "felix.fileinstall.poll";
        String before = System.getProperty(key);
        System.setProperty(key, "750");
        try {
            assertEquals("750", FrameworkConfig.load(new AppHome(dir)).get(key));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }
}
