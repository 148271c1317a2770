// SPDX-License-Identifier: Apache-2.0
/**
 * The simulation: one {@link org.dmabufsim.sim.Simulation} holds a seed, a memory map, a CPU cache, a
 * modelled clock, dma-debug, the dma-buf list and counters. Several simulations can live in one JVM
 * without sharing any state.
 *
 * <p>Errors that the kernel reports as a negative errno are thrown as {@link org.dmabufsim.sim.ErrnoException}
 * carrying the {@link org.dmabufsim.sim.Errno}; kernel {@code BUG()}s are thrown as
 * {@link org.dmabufsim.sim.KernelBug}; {@code WARN()}s are recorded in the simulation's {@link org.dmabufsim.sim.KernelLog}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package org.dmabufsim.sim;
