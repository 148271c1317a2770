// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.composite;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The heap and device bundles as the running framework sees them: they export nothing, so nothing
 * can wire to them and a stopped, updated or uninstalled one never stays removal-pending; they import
 * only the core's API packages, wired to the core, never an internal package; no Require-Bundle, no
 * dynamic imports.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginBundlesIT extends DmabufTestSupport {
    private static final List<String> PLUGINS = List.of("heap-system", "heap-cma", "device-camera", "device-display",
            "device-gpu");

    @Override
    protected Option projectBundles() {
        Option[] plugins = PLUGINS.stream().map(DmabufTestSupport::reactorBundle).toArray(Option[]::new);
        return composite(super.projectBundles(), composite(plugins));
    }

    @Test
    public void heapAndDeviceBundlesExportNothing() {
        for (String plugin : PLUGINS) {
            Bundle bundle = installedBundle("org.dmabufsim." + plugin);
            assertEquals(plugin, Bundle.ACTIVE, bundle.getState());
            assertNull(plugin, bundle.getHeaders().get(Constants.EXPORT_PACKAGE));
            BundleRevision revision = bundle.adapt(BundleRevision.class);
            assertEquals(plugin, List.of(), revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE));
            assertEquals(plugin, List.of(), bundle.adapt(BundleWiring.class).getProvidedWires(
                    PackageNamespace.PACKAGE_NAMESPACE));
        }
    }

    @Test
    public void heapAndDeviceBundlesImportOnlyTheCoreApiWiredToTheCore() {
        Set<String> api = corePackages();
        assertFalse(api.isEmpty());
        for (String plugin : PLUGINS) {
            Bundle bundle = installedBundle("org.dmabufsim." + plugin);
            assertNull(plugin, bundle.getHeaders().get(Constants.REQUIRE_BUNDLE));
            assertNull(plugin, bundle.getHeaders().get(Constants.DYNAMICIMPORT_PACKAGE));
            Set<String> project = new TreeSet<>();
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            for (BundleWire wire : wiring.getRequiredWires(PackageNamespace.PACKAGE_NAMESPACE)) {
                String pkg = (String) wire.getCapability().getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE);
                assertFalse(plugin + " imports " + pkg, pkg.contains(".internal"));
                if (pkg.startsWith("org.dmabufsim")) {
                    project.add(pkg);
                    assertEquals(plugin + " " + pkg, CORE_BSN, wire.getProvider().getSymbolicName());
                }
            }
            assertTrue(plugin + " imports " + project, api.containsAll(project));
            assertTrue(plugin + " imports " + project, project.contains("org.dmabufsim.dmabuf"));
        }
    }

    /** The packages the core exports: its API, without any internal package. */
    private Set<String> corePackages() {
        Set<String> exported = new TreeSet<>();
        BundleRevision core = installedBundle(CORE_BSN).adapt(BundleRevision.class);
        core.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)
                .forEach(c -> exported.add((String) c.getAttributes().get(PackageNamespace.PACKAGE_NAMESPACE)));
        exported.forEach(pkg -> assertFalse(pkg, pkg.contains(".internal")));
        return exported;
    }
}
