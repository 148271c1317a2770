// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dmabufsim.core.internal.sim.KernelLogImpl;
import org.dmabufsim.core.internal.sim.Stats;
import org.dmabufsim.dma.IommuMapping;
import org.dmabufsim.dma.IommuPerm;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IotlbEntry;
import org.dmabufsim.dma.PageTableFormat;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/**
 * An {@code io-pgtable-arm} table in the {@code ARM_64_LPAE_S1} format with a 4 KiB granule, as
 * {@code iommu_map}/{@code iommu_unmap} drive it: each call is split into the largest leaves the
 * alignment of iova and phys and the remaining size allow ({@code iommu_pgsize}): 1 GiB and 2 MiB
 * blocks, else 4 KiB pages. The tree of tables is stored sparsely as a sorted map of leaves.
 *
 * <p>Costs: {@code iommuMapNsPerPage} per leaf written and {@code iommuUnmapNsPerPage} per entry
 * cleared, so a 2 MiB block costs one entry where 512 pages cost 512; the page counters count 4 KiB
 * pages either way.
 *
 * <p>Not thread-safe: guarded by the owning domain's lock.
 */
public final class IoPageTable {
    /** 4 KiB page, 2 MiB block, 1 GiB block: the {@code pgsize_bitmap} of the format. */
    static final long SZ_4K = 1L << 12;
    static final long SZ_2M = 1L << 21;
    static final long SZ_1G = 1L << 30;
    private static final long[] PGSIZES = {SZ_1G, SZ_2M, SZ_4K};
    private static final long[] LEAF_SIZES = {SZ_4K, SZ_2M, SZ_1G};
    /** Output address size of the SMMU ({@code cfg->oas}). */
    private static final int OAS = 48;

    private final TreeMap<Long, IommuMapping> leaves = new TreeMap<>();
    // The same leaves by first page for the device's walk: a leaf's IOVA is aligned to its size, so
    // the leaf covering an address starts at that address rounded down to 4 KiB, 2 MiB or 1 GiB.
    private final LeafMap byPage = new LeafMap();
    private final WalkIndex walks = new WalkIndex(); // the same leaves, laid out for the device's walk
    private final int ias;
    private final Stats stats;
    private final KernelLogImpl log;
    private long mappedPages;
    private long rolledBack; // bytes the last failed map() unmapped again

    public IoPageTable(PageTableFormat format, int inputAddressBits, Stats stats, KernelLogImpl log) {
        if (format != PageTableFormat.ARM_64_LPAE_S1) {
            throw new IllegalArgumentException("unsupported page-table format " + format);
        }
        this.ias = inputAddressBits;
        this.stats = stats;
        this.log = log;
    }

    /**
     * {@code arm_lpae_prot_to_pte} for stage 1: READ without WRITE is read-only; WRITE, with or
     * without READ, is read-write (stage 1 cannot express write-only); neither is nothing.
     */
    public static IommuPerm permOf(IommuProt prot) {
        if (!prot.has(IommuProt.READ) && !prot.has(IommuProt.WRITE)) {
            return IommuPerm.NONE;
        }
        return prot.has(IommuProt.WRITE) ? IommuPerm.RW : IommuPerm.RO;
    }

    /**
     * {@code iommu_map}: maps {@code [iova, iova + size)} to {@code phys}.
     *
     * @return bytes mapped: {@code size}, or 0 when {@code prot} has neither READ nor WRITE
     *     ({@code arm_lpae_map}: "If no access, then nothing to do")
     * @throws ErrnoException EINVAL if anything is not 4 KiB aligned or size is 0; ERANGE beyond the
     *     aperture or the output size; EEXIST over an existing leaf. What was mapped before the failure
     *     is unmapped again, as {@code iommu_map} does.
     */
    public long map(long iova, long phys, long size, IommuProt prot) {
        if (size <= 0 || ((iova | phys | size) & (SZ_4K - 1)) != 0) {
            log.error(String.format("unaligned: iova %#x pa 0x%016x size %#x min_pagesz %#x", iova, phys, size, SZ_4K));
            throw new ErrnoException(Errno.EINVAL, String.format("iommu_map unaligned iova %#x size %#x", iova, size));
        }
        if (outOfRange(iova, size) || ((phys + size - 1) >>> OAS) != 0) {
            log.warn(String.format("WARNING: arm_lpae_map: iova %#x size %#x pa %#x out of range", iova, size, phys));
            throw new ErrnoException(Errno.ERANGE, String.format("iova %#x size %#x beyond the aperture", iova, size));
        }
        IommuPerm perm = permOf(prot);
        if (perm == IommuPerm.NONE) {
            return 0;
        }
        long done = 0;
        rolledBack = 0;
        while (done < size) {
            long pgsize = pgsize(iova + done, phys + done, size - done);
            if (!installLeaf(new IommuMapping(iova + done, phys + done, pgsize, prot, perm))) {
                if (done > 0) {
                    rolledBack = unmap(iova, done);
                }
                throw new ErrnoException(Errno.EEXIST,
                        String.format("iova %#x already mapped", iova + done));
            }
            done += pgsize;
        }
        return done;
    }

    /**
     * {@code iommu_unmap}: clears the leaves of {@code [iova, iova + size)}, splitting a block that is
     * only partly unmapped. Stops at the first hole (WARN).
     *
     * @return bytes unmapped
     */
    public long unmap(long iova, long size) {
        if (size <= 0 || ((iova | size) & (SZ_4K - 1)) != 0) {
            log.error(String.format("unaligned: iova %#x size %#x min_pagesz %#x", iova, size, SZ_4K));
            return 0;
        }
        long done = 0;
        while (done < size) {
            long pgsize = pgsize(iova + done, iova + done, size - done);
            long cleared = unmapOne(iova + done, pgsize);
            if (cleared == 0) {
                log.warn(String.format("WARNING: __arm_lpae_unmap: no PTE for iova %#x", iova + done));
                break;
            }
            done += cleared;
        }
        return done;
    }

    /** The leaf that maps {@code iova}, if any. */
    public Optional<IommuMapping> leaf(long iova) {
        return Optional.ofNullable(leafOrNull(iova));
    }

    private IommuMapping leafOrNull(long iova) {
        for (long size : LEAF_SIZES) {
            IommuMapping m = byPage.get((iova & -size) >>> 12);
            if (m != null && m.size() == size) {
                return m;
            }
        }
        return null;
    }

    /** {@code iova_to_phys} as a QEMU-style TLB entry: the leaf's size, its permission. */
    public Optional<IotlbEntry> walk(long iova) {
        return Optional.ofNullable(walkOrNull(iova));
    }

    /** {@link WalkIndex#pagePhys}: the common walk, to a 4 KiB page, without reading its entry. */
    long walkPage(long iova, boolean write) {
        return walks.pagePhys(iova, write);
    }

    /** The entry of the page the last successful {@link #walkPage} answered. */
    IotlbEntry walkedPage() {
        return walks.walked();
    }

    /** {@link #walk}, or {@code null} for an address nothing maps. */
    IotlbEntry walkOrNull(long iova) {
        return walks.walk(iova); // what leafOrNull finds, as the entry made when the leaf was put
    }

    /** Every leaf by IOVA. */
    public List<IommuMapping> mappings() {
        return new ArrayList<>(leaves.values());
    }

    /** 4 KiB pages mapped. */
    public long mappedPages() {
        return mappedPages;
    }

    /** Bytes the last failed {@link #map} had mapped and unmapped again (0 if it failed at once). */
    long rolledBack() {
        return rolledBack;
    }

    /** Number of leaf entries (a block is one). */
    public int leafCount() {
        return leaves.size();
    }

    /**
     * {@code iommu_pgsize}: the largest page size not larger than {@code size} to which both
     * {@code iova} and {@code paddr} are aligned.
     */
    static long pgsize(long iova, long paddr, long size) {
        long addrMerge = iova | paddr;
        for (long pg : PGSIZES) {
            if (pg <= size && (addrMerge & (pg - 1)) == 0) {
                return pg;
            }
        }
        throw new IllegalStateException("no page size for size " + size);
    }

    private boolean outOfRange(long iova, long size) {
        return ias < 64 && ((iova + size - 1) >>> ias) != 0;
    }

    /** {@code arm_lpae_init_pte}: refuses to overwrite any live leaf ("We require an unmap first"). */
    private boolean installLeaf(IommuMapping leaf) {
        long end = leaf.iova() + leaf.size();
        Map.Entry<Long, IommuMapping> below = leaves.floorEntry(end - 1);
        if (below != null && below.getValue().iova() + below.getValue().size() > leaf.iova()) {
            log.warn(String.format("WARNING: arm_lpae_init_pte: iova %#x: We require an unmap first", leaf.iova()));
            return false;
        }
        put(leaf);
        long pages = leaf.size() / SZ_4K;
        mappedPages += pages;
        stats.iommuPagesMapped.add(pages);
        stats.chargeCpu(stats.costs().iommuMapNsPerPage());
        return true;
    }

    /** {@code __arm_lpae_unmap} at the level of {@code pgsize}: bytes unmapped, 0 for a hole. */
    private long unmapOne(long iova, long pgsize) {
        Optional<IommuMapping> covering = leaf(iova);
        if (covering.isPresent() && covering.get().size() > pgsize) {
            splitBlock(covering.get());
            return unmapOne(iova, pgsize);
        }
        if (covering.isPresent() && covering.get().size() == pgsize) {
            clearLeaf(covering.get());
            stats.chargeCpu(stats.costs().iommuUnmapNsPerPage());
            return pgsize;
        }
        // A table below this level: clearing its entry drops every leaf under it at once.
        List<IommuMapping> under = new ArrayList<>(leaves.subMap(iova, iova + pgsize).values());
        if (under.isEmpty()) {
            return 0;
        }
        under.forEach(this::clearLeaf);
        stats.chargeCpu(stats.costs().iommuUnmapNsPerPage());
        return pgsize;
    }

    /** {@code arm_lpae_split_blk_unmap}: the block becomes a table of next-level leaves. */
    private void splitBlock(IommuMapping block) {
        long child = block.size() == SZ_1G ? SZ_2M : SZ_4K;
        remove(block);
        for (long off = 0; off < block.size(); off += child) {
            put(new IommuMapping(block.iova() + off, block.phys() + off, child, block.prot(), block.perm()));
        }
        stats.chargeCpu(stats.costs().iommuMapNsPerPage() * (block.size() / child));
    }

    private void put(IommuMapping leaf) {
        leaves.put(leaf.iova(), leaf);
        byPage.put(leaf.iova() >>> 12, leaf);
        walks.put(leaf);
    }

    private void remove(IommuMapping leaf) {
        leaves.remove(leaf.iova());
        byPage.remove(leaf.iova() >>> 12);
        walks.remove(leaf.iova());
    }

    private void clearLeaf(IommuMapping leaf) {
        remove(leaf);
        long pages = leaf.size() / SZ_4K;
        mappedPages -= pages;
        stats.iommuPagesUnmapped.add(pages);
    }
}
