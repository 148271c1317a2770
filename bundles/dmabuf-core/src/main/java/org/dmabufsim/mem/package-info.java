// SPDX-License-Identifier: Apache-2.0
/**
 * Physical memory, the CPU cache and CPU mappings of an arm64-like SoC.
 *
 * <p>Physical addresses are {@code long}s. Pages are 4 KiB ({@link org.dmabufsim.mem.MemoryMap#PAGE_SIZE}),
 * cache lines 64 bytes ({@link org.dmabufsim.mem.CpuCache#LINE_SIZE}). There is one write-back cache
 * up to the point of coherency and no system or device caches. Every page of system RAM has a
 * cacheable alias in the kernel's linear map, so the cache may hold lines of any page that is not in
 * a {@code no-map} region, whatever other mappings of it say.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dmabufsim.mem;
