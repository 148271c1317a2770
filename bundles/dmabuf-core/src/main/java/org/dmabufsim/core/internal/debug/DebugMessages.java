// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.debug;

import java.util.Locale;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;

/**
 * The format strings of {@code kernel/dma/debug.c}, copied from a recent (v6.x) copy and printed as
 * {@code printk} would: {@code 0x%016llx} and {@code %pa} as 0x plus 16 lowercase hex digits,
 * {@code %llu} unsigned, no trailing newline. Each method returns the text after the
 * {@code err_printk} prefix ({@link #prefix}).
 */
final class DebugMessages {
    /** {@code pr_fmt} of debug.c. */
    static final String PR_FMT = "DMA-API: ";

    private DebugMessages() {
    }

    /** {@code dev_driver_string(dev)}, or "NULL" as err_printk prints a NULL device. */
    static String driver(DmaDevice dev) {
        return dev == null ? "NULL" : dev.spec().driver();
    }

    /** {@code dev_name(dev)}, or "NULL". */
    static String name(DmaDevice dev) {
        return dev == null ? "NULL" : dev.name();
    }

    /** {@code pr_fmt("%s %s: ")} of err_printk. */
    static String prefix(DmaDevice dev) {
        return PR_FMT + driver(dev) + " " + name(dev) + ": ";
    }

    static String freeInvalid() {
        return "device driver tries to free an invalid DMA memory address";
    }

    static String freeNotAllocated(DebugEntry ref) {
        return "device driver tries to free DMA memory it has not allocated [device address=" + hex(ref.devAddr)
                + "] [size=" + u64(ref.size) + " bytes]";
    }

    static String freeWrongSize(DebugEntry ref, DebugEntry entry) {
        return "device driver frees DMA memory with different size [device address=" + hex(ref.devAddr)
                + "] [map size=" + u64(entry.size) + " bytes] [unmap size=" + u64(ref.size) + " bytes]";
    }

    static String freeWrongType(DebugEntry ref, DebugEntry entry) {
        return "device driver frees DMA memory with wrong function [device address=" + hex(ref.devAddr)
                + "] [size=" + u64(ref.size) + " bytes] [mapped as " + entry.type.kernelName() + "] [unmapped as "
                + ref.type.kernelName() + "]";
    }

    static String freeWrongCpuAddress(DebugEntry ref, DebugEntry entry) {
        return "device driver frees DMA memory with different CPU address [device address=" + hex(ref.devAddr)
                + "] [size=" + u64(ref.size) + " bytes] [cpu alloc address=" + hex(entry.phys())
                + "] [cpu free address=" + hex(ref.phys()) + "]";
    }

    static String freeWrongNents(DebugEntry ref, DebugEntry entry) {
        return "device driver frees DMA sg list with different entry count [map count=" + entry.sgCallEnts
                + "] [unmap count=" + ref.sgCallEnts + "]";
    }

    static String freeWrongDirection(DebugEntry ref, DebugEntry entry) {
        return "device driver frees DMA memory with different direction [device address=" + hex(ref.devAddr)
                + "] [size=" + u64(ref.size) + " bytes] [mapped with " + dir(entry.direction) + "] [unmapped with "
                + dir(ref.direction) + "]";
    }

    /** The kernel's text has no space before the first bracket. */
    static String mapErrorNotChecked(DebugEntry ref, DebugEntry entry) {
        return "device driver failed to check map error[device address=" + hex(ref.devAddr) + "] [size="
                + u64(ref.size) + " bytes] [mapped as " + entry.type.kernelName() + "]";
    }

    static String syncNotAllocated(DebugEntry ref) {
        return "device driver tries to sync DMA memory it has not allocated [device address=" + hex(ref.devAddr)
                + "] [size=" + u64(ref.size) + " bytes]";
    }

    static String syncOutOfRange(DebugEntry ref, DebugEntry entry) {
        return "device driver syncs DMA memory outside allocated range [device address=" + hex(entry.devAddr)
                + "] [allocation size=" + u64(entry.size) + " bytes] [sync offset+size=" + u64(ref.size) + "]";
    }

    static String syncWrongDirection(DebugEntry ref, DebugEntry entry) {
        return "device driver syncs DMA memory with different direction" + syncDetails(ref, entry);
    }

    static String syncDeviceReadOnly(DebugEntry ref, DebugEntry entry) {
        return "device driver syncs device read-only DMA memory for cpu" + syncDetails(ref, entry);
    }

    static String syncDeviceWriteOnly(DebugEntry ref, DebugEntry entry) {
        return "device driver syncs device write-only DMA memory to device" + syncDetails(ref, entry);
    }

    static String syncWrongNents(DebugEntry ref, DebugEntry entry) {
        return "device driver syncs DMA sg list with different entry count [map count=" + entry.sgCallEnts
                + "] [sync count=" + ref.sgCallEnts + "]";
    }

    /** {@code [len=%u] [max=%u]}. */
    static String segmentTooLong(long length, long maxSeg) {
        return "mapping sg segment longer than device claims to support [len=" + u64(length) + "] [max="
                + u64(maxSeg) + "]";
    }

    static String segmentAcrossBoundary(long start, long end, long boundary) {
        return "mapping sg segment across boundary [start=" + hex(start) + "] [end=" + hex(end) + "] [boundary="
                + hex(boundary) + "]";
    }

    static String overlapEexist() {
        return "cacheline tracking EEXIST, overlapping mappings aren't supported";
    }

    /** The whole line of the WARN_ONCE in {@code active_cacheline_inc_overlap}: no device prefix. */
    static String overlapExceeded(long cln) {
        return PR_FMT + "exceeded " + CachelineTracker.MAX_OVERLAP + " overlapping mappings of cacheline " + hex(cln);
    }

    /** {@code dma_debug_device_change}: two lines joined by the kernel's embedded newline. */
    static String pendingAtUnbind(int count, DebugEntry entry) {
        return "device driver has pending DMA allocations while released from device [count=" + count + "]\n"
                + "One of leaked entries details: [device address=" + hex(entry.devAddr) + "] [size="
                + u64(entry.size) + " bytes] [mapped with " + dir(entry.direction) + "] [mapped as "
                + entry.type.kernelName() + "]";
    }

    /** One line of debugfs {@code dma-api/dump} ({@code dump_show}), with its newline. */
    static String dumpLine(int idx, DebugEntry entry) {
        return String.format(Locale.ROOT, "%s %s %s idx %d P=%x N=%x D=%x L=%x cln=%s %s %s\n", driver(entry.dev),
                name(entry.dev), entry.type.kernelName(), idx, entry.phys(), entry.pfn, entry.devAddr, entry.size,
                hex(entry.cacheline()), dir(entry.direction), entry.mapErrType().text());
    }

    /** {@code [device address=..] [size=..] [mapped with %s] [synced with %s]} of check_sync. */
    private static String syncDetails(DebugEntry ref, DebugEntry entry) {
        return " [device address=" + hex(ref.devAddr) + "] [size=" + u64(entry.size) + " bytes] [mapped with "
                + dir(entry.direction) + "] [synced with " + dir(ref.direction) + "]";
    }

    /** {@code 0x%016llx} and {@code %pa}. */
    static String hex(long value) {
        return String.format(Locale.ROOT, "0x%016x", value);
    }

    /** {@code %llu}. */
    static String u64(long value) {
        return Long.toUnsignedString(value);
    }

    private static String dir(DmaDirection direction) {
        return direction.kernelName();
    }
}
