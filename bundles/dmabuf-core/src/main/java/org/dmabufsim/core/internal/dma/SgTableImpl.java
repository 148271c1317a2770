// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dma;

import java.util.ArrayList;
import java.util.List;
import org.dmabufsim.dma.Scatterlist;
import org.dmabufsim.dma.SgSegment;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.MemoryMap;
import org.dmabufsim.mem.PageRange;

/**
 * {@code struct sg_table}. The entry list is fixed at creation ({@code orig_nents}); {@code nents}
 * is set by {@code dma_map_sgtable}.
 */
public final class SgTableImpl implements SgTable {
    private final List<ScatterlistImpl> entries;
    private final long totalLength;
    private volatile int nents;

    private SgTableImpl(List<ScatterlistImpl> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("sg_alloc_table with 0 entries");
        }
        this.entries = List.copyOf(entries);
        this.totalLength = entries.stream().mapToLong(ScatterlistImpl::length).sum();
        this.nents = entries.size();
    }

    /** {@code sg_alloc_table} + {@code sg_set_page} per segment. */
    public static SgTableImpl of(List<SgSegment> segments) {
        List<ScatterlistImpl> list = new ArrayList<>(segments.size());
        for (SgSegment s : segments) {
            list.add(new ScatterlistImpl(s.pfn(), s.offset(), s.length()));
        }
        return new SgTableImpl(list);
    }

    /** One entry per page range, covering it whole. */
    public static SgTableImpl ofRanges(List<PageRange> ranges) {
        List<ScatterlistImpl> list = new ArrayList<>(ranges.size());
        for (PageRange r : ranges) {
            list.add(new ScatterlistImpl(r.pfn(), 0, r.bytes()));
        }
        return new SgTableImpl(list);
    }

    /** {@code sg_alloc_table_from_pages}: runs of consecutive pfns collapse into one entry. */
    public static SgTableImpl fromPages(List<Long> pfns) {
        List<ScatterlistImpl> list = new ArrayList<>();
        int i = 0;
        while (i < pfns.size()) {
            long first = pfns.get(i);
            int run = 1;
            while (i + run < pfns.size() && pfns.get(i + run) == first + run) {
                run++;
            }
            list.add(new ScatterlistImpl(first, 0, (long) run * MemoryMap.PAGE_SIZE));
            i += run;
        }
        return new SgTableImpl(list);
    }

    /** {@code dup_sg_table}: the same CPU entries, DMA fields cleared. */
    public static SgTableImpl dup(SgTable source) {
        List<ScatterlistImpl> list = new ArrayList<>(source.origNents());
        for (Scatterlist s : source.entries()) {
            list.add(new ScatterlistImpl(s.pfn(), s.offset(), s.length()));
        }
        return new SgTableImpl(list);
    }

    @Override
    public int origNents() {
        return entries.size();
    }

    @Override
    public int nents() {
        return nents;
    }

    /** Sets {@code sgt->nents} (dma_map_sgtable). */
    public void setNents(int mapped) {
        this.nents = mapped;
    }

    @Override
    public ScatterlistImpl get(int i) {
        return entries.get(i);
    }

    @Override
    public List<Scatterlist> entries() {
        return List.copyOf(entries);
    }

    @Override
    public long totalLength() {
        return totalLength;
    }
}
