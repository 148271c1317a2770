// SPDX-License-Identifier: Apache-2.0
/**
 * The caching-model SPI: how page-backed buffers are mapped for devices and synced for the CPU.
 * Built-in models are {@code ion-4.9}, {@code ion-4.12} and {@code dma-heap}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package org.dmabufsim.dmabuf.spi;
