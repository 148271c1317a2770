// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.iommu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dma.IommuProt;
import org.dmabufsim.dma.IotlbEntry;
import org.dmabufsim.sim.ErrnoException;

/**
 * The device's walk ({@link WalkIndex}, laid out like the table) answers, for every address, the
 * entry of the leaf the list of mappings says covers it, and its page walk the physical address
 * exactly when that leaf is a 4 KiB page that permits the access: after maps of pages, 2 MiB and
 * 1 GiB blocks, unmaps that split blocks, and remaps over freed ranges.
 */
class WalkIndexPropertyTest {
    private static final long K4 = 0x1000;
    private static final long M2 = 0x20_0000;
    private static final long G1 = 0x4000_0000;
    private static final IommuProt RW = new IommuProt(IommuProt.READ | IommuProt.WRITE);
    private static final IommuProt RO = new IommuProt(IommuProt.READ);

    @Property(tries = 200)
    void walkAnswersTheCoveringLeaf(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 0xfffff) Integer> ops,
            @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 0xffff) Integer> probes) {
        IoPageTable pt = new Fixture().pageTable();
        for (int op : ops) {
            boolean giga = ((op >>> 15) & 3) == 0;
            long iova = giga ? G1 : (op & 7) * M2 + ((op >>> 3) & 1) * ((op >>> 4) % 512) * K4;
            long size = giga ? G1 : ((op >>> 13) & 1) == 0 ? M2 : ((op >>> 14) % 64 + 1) * K4;
            if (!giga) {
                size = Math.min(size, 8 * M2 - iova);
            }
            try {
                if (((op >>> 19) & 1) == 0) {
                    pt.map(iova, 0x8000_0000L + iova, size, ((op >>> 12) & 1) == 0 ? RW : RO);
                } else {
                    pt.unmap(iova, size);
                }
            } catch (ErrnoException e) {
                // over an existing leaf: refused, nothing changed
            }
        }
        for (int probe : probes) {
            long iova = (probe & 0x8000) == 0 ? (probe & 0xfff) * K4 + (probe % 7) * 0x100
                    : G1 + (probe & 0x7fff) * 9 * K4 + 0x10;
            Optional<IotlbEntry> expected = pt.mappings().stream()
                    .filter(m -> iova >= m.iova() && iova < m.iova() + m.size()).findFirst()
                    .map(m -> new IotlbEntry(m.iova(), m.phys(), m.size() - 1, m.perm()));
            assertEquals(expected, pt.walk(iova), "iova " + Long.toHexString(iova));
            for (boolean write : new boolean[] {false, true}) {
                boolean page = expected.isPresent() && expected.get().addrMask() == K4 - 1
                        && (write ? expected.get().perm().canWrite() : expected.get().perm().canRead());
                long phys = pt.walkPage(iova, write);
                assertEquals(page ? expected.get().translatedAddr() + (iova - expected.get().iova()) : -1, phys,
                        "page walk of iova " + Long.toHexString(iova) + (write ? " (write)" : " (read)"));
                if (page) {
                    assertEquals(expected.get(), pt.walkedPage());
                }
            }
        }
    }
}
