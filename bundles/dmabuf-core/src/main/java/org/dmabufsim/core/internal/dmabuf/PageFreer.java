// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.List;
import org.dmabufsim.mem.PageRange;

/** Where the pages of a released page-backed buffer go when its export named no sink. */
@FunctionalInterface
public interface PageFreer {

    /** Gives {@code pages} back. */
    void free(List<PageRange> pages);
}
