// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.dmabuf.spi;

import java.util.List;
import org.dmabufsim.mem.PageRange;
import org.osgi.annotation.versioning.ConsumerType;

/** Where a released buffer's pages go: a heap's pool, for example. */
@ConsumerType
@FunctionalInterface
public interface PageSink {

    /** Takes ownership of the pages of a released buffer. */
    void free(List<PageRange> pages);
}
