// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code /sys/kernel/debug/dma_buf/bufinfo} as {@code dma_buf_debug_show} prints it (rule 34): a
 * header, then per buffer (newest first) its row, its fences ({@code dma_resv_describe}) and its
 * attached devices (newest first), then the totals.
 */
final class BufInfo {
    private BufInfo() {
    }

    /** Called with {@code db_list.lock} held; takes each buffer's locks in turn. */
    static String show(Collection<DmaBufImpl> newestFirst) {
        StringBuilder s = new StringBuilder(256 + 160 * newestFirst.size());
        s.append("\nDma-buf Objects:\n");
        s.append(String.format(Locale.ROOT, "%-8s\t%-8s\t%-8s\t%-8s\texp_name\t%-8s\tname\n",
                "size", "flags", "mode", "count", "ino"));
        int count = 0;
        long size = 0;
        for (DmaBufImpl buf : newestFirst) {
            row(s, buf);
            count++;
            size += buf.size();
        }
        s.append(String.format(Locale.ROOT, "\nTotal %d objects, %d bytes\n", count, size));
        return s.toString();
    }

    private static void row(StringBuilder s, DmaBufImpl buf) {
        s.append(String.format(Locale.ROOT, "%08d\t%08x\t%08x\t%08d\t%s\t%08d\t%s\n", buf.size(), buf.fileFlags(),
                buf.fileMode(), buf.fileCount(), buf.expName(), buf.inode(), buf.name().orElse("<none>")));
        buf.resvImpl().describe(s);
        s.append("\tAttached Devices:\n");
        List<String> devices = buf.attachedDeviceNames();
        for (String dev : devices) {
            s.append('\t').append(dev).append('\n');
        }
        s.append(String.format(Locale.ROOT, "Total %d devices attached\n\n", devices.size()));
    }
}
