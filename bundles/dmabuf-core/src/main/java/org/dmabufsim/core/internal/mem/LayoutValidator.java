// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.mem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dmabufsim.mem.DramBank;
import org.dmabufsim.mem.MemoryLayout;
import org.dmabufsim.mem.RegionKind;
import org.dmabufsim.mem.ReservedRegion;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

/** Checks a {@link MemoryLayout} before anything is built from it. */
final class LayoutValidator {

    private LayoutValidator() {
    }

    /**
     * @throws ErrnoException EINVAL for overlapping banks or regions, a region not inside one bank,
     *         more than one swiotlb region or two regions of the same name
     */
    static void validate(MemoryLayout layout) {
        List<DramBank> banks = new ArrayList<>(layout.banks());
        banks.sort(Comparator.comparingLong(DramBank::base));
        for (int i = 1; i < banks.size(); i++) {
            if (banks.get(i).base() < banks.get(i - 1).end()) {
                throw invalid("DRAM banks overlap: %#x-%#x and %#x-%#x", banks.get(i - 1).base(),
                        banks.get(i - 1).end(), banks.get(i).base(), banks.get(i).end());
            }
        }
        List<ReservedRegion> regions = new ArrayList<>(layout.reserved());
        regions.sort(Comparator.comparingLong(ReservedRegion::base));
        Set<String> names = new HashSet<>();
        int swiotlb = 0;
        for (int i = 0; i < regions.size(); i++) {
            ReservedRegion r = regions.get(i);
            if (!names.add(r.name())) {
                throw invalid("duplicate reserved region name %s", r.name());
            }
            if (r.kind() == RegionKind.SWIOTLB && ++swiotlb > 1) {
                throw invalid("more than one swiotlb region");
            }
            if (banks.stream().noneMatch(b -> r.base() >= b.base() && r.end() <= b.end())) {
                throw invalid("reserved region %s %#x-%#x is not inside a DRAM bank", r.name(), r.base(), r.end());
            }
            if (i > 0 && r.base() < regions.get(i - 1).end()) {
                throw invalid("reserved regions %s and %s overlap", regions.get(i - 1).name(), r.name());
            }
        }
    }

    private static ErrnoException invalid(String format, Object... args) {
        return new ErrnoException(Errno.EINVAL, String.format(format, args));
    }
}
