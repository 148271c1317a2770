// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufsim.dma.DeviceSpec;

/**
 * The static {@code __warned} flags of the layer's {@code WARN_ONCE}/{@code dev_WARN_ONCE} sites:
 * each site prints once per simulation (one boot), whichever device trips it first.
 *
 * @ThreadSafe
 */
final class WarnOnce {
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    /** Whether this is the first time {@code site} fires. */
    boolean first(String site) {
        return warned.add(site);
    }

    /** {@code dev_WARN_ONCE}'s prefix: {@code "<driver> <name>: "}. */
    static String devPrefix(DeviceSpec dev) {
        return dev.driver() + " " + dev.name() + ": ";
    }
}
