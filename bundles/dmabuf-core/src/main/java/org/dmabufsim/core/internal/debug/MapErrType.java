// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

/** {@code enum map_err_types} with {@code maperr2str[]}. */
enum MapErrType {
    /** sg and coherent entries: there is no error cookie to check. */
    CHECK_NOT_APPLICABLE("dma map error check not applicable"),
    /** A single mapping whose address nobody passed to {@code dma_mapping_error()} yet. */
    NOT_CHECKED("dma map error not checked"),
    /** {@code dma_mapping_error()} was called for it. */
    CHECKED("dma map error checked");

    private final String text;

    MapErrType(String text) {
        this.text = text;
    }

    /** The text of the debugfs {@code dump} line. */
    String text() {
        return text;
    }
}
