// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.dmabufsim.core.internal.sim.SimulationImpl;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.DmaAttrs;
import org.dmabufsim.dma.DmaDevice;
import org.dmabufsim.dma.DmaDirection;
import org.dmabufsim.dma.DmaJob;
import org.dmabufsim.dma.DmaJobResult;
import org.dmabufsim.dma.DmaStep;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.dma.SgTable;
import org.dmabufsim.mem.CacheConfig;
import org.dmabufsim.mem.CpuMapping;
import org.dmabufsim.mem.PageRange;
import org.dmabufsim.mem.Zone;
import org.dmabufsim.sim.SimulationConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the cache events around device bursts (prefetch before, pressure eviction after)
 * with seeded random choices: a DMA-heavy scenario through an IOMMU (non-coherent) and dma-direct
 * (IO-coherent) device, fingerprinted as counters, hot window, present and dirty lines, DRAM and
 * what the CPU and the devices read. The expected values were recorded before the cache layer's hot
 * path was optimised: any change in a random draw, its order or its effect changes the fingerprint.
 */
class CacheEventsGoldenTest {
    private static final int PAGE = 4096;
    private static final int SCATTERED = 48;

    /** 64-bit FNV-1a over longs and bytes. */
    private static final class Fingerprint {
        private long h = 0xcbf29ce484222325L;

        void add(long v) {
            for (int i = 0; i < 8; i++) {
                h ^= (v >>> (8 * i)) & 0xff;
                h *= 0x100000001b3L;
            }
        }

        void add(byte[] b) {
            for (byte x : b) {
                h ^= x & 0xff;
                h *= 0x100000001b3L;
            }
            add(b.length);
        }
    }

    private static long run(CacheConfig cache, long seed) {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withSeed(seed).withCache(cache))) {
            return scenario(sim);
        }
    }

    private static long scenario(SimulationImpl sim) {
        Fingerprint fp = new Fingerprint();
        DmaDevice gpu = sim.devices().create(DeviceSpec.of("gpu0", "gpu").withIommu(IommuSpec.strict()));
        DmaDevice isp = sim.devices().create(DeviceSpec.of("isp0", "isp").withCoherent(true));
        List<Long> srcPfns = scattered(sim, SCATTERED);
        PageRange dstBlock = sim.memory().allocPages(6, Zone.NORMAL);
        PageRange cohBlock = sim.memory().allocPages(4, Zone.NORMAL);
        CpuMapping lm = sim.cpu().linearMap();
        for (int i = 0; i < SCATTERED; i += 3) {
            lm.write((srcPfns.get(i) << 12) + 128 + i, pattern(700 + 31 * i, i));
        }
        SgTable src = sim.dma().sgTableFromPages(srcPfns);
        SgTable dst = sim.dma().sgTableOf(List.of(dstBlock));
        sim.dma().mapSgtable(gpu, src, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        sim.dma().mapSgtable(gpu, dst, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        long srcIova = src.get(0).dmaAddress();
        long dstIova = dst.get(0).dmaAddress();
        long len = (long) SCATTERED * PAGE;
        record(fp, gpu.queue().run(DmaJob.of("fill", new DmaStep.Fill(srcIova + 5 * PAGE + 17, 3 * PAGE, (byte) 0x5a),
                new DmaStep.Write(srcIova + 20 * PAGE - 100, pattern(9000, 3)))));
        record(fp, gpu.queue().run(DmaJob.of("copy", new DmaStep.Copy(srcIova, dstIova + 64, len - 64))));
        record(fp, gpu.queue().run(DmaJob.of("read", new DmaStep.Read(dstIova + 1000, 5 * PAGE))));
        long coh = cohBlock.phys();
        lm.write(coh + 40, pattern(3 * PAGE, 9));
        lm.read(coh + 8 * PAGE, new byte[2 * PAGE], 0, 2 * PAGE);
        sim.dma().syncSgtableForCpu(gpu, src, DmaDirection.BIDIRECTIONAL);
        record(fp, isp.queue().run(DmaJob.of("snoop", new DmaStep.Read(coh, 4 * PAGE),
                new DmaStep.Write(coh + 2 * PAGE + 10, pattern(PAGE, 4)),
                new DmaStep.Copy(coh, coh + 10 * PAGE, 5 * PAGE),
                new DmaStep.Fill(coh + 7 * PAGE + 3, 100, (byte) 7))));
        assertTrue(sim.counters().linesPrefetched() > 0 && sim.counters().linesEvicted() > 0, "events ran");
        fingerprintState(sim, fp, srcPfns, List.of(dstBlock, cohBlock));
        return fp.h;
    }

    /**
     * The other paths of the burst events: a non-coherent copy while the cache holds dirty lines, CPU
     * pages in the same lock group as the DMA pages (32 pages apart) so hot-window lines share the
     * burst's lock, and a dma-direct device whose DMA offset is not page aligned, so bursts straddle
     * two physical pages.
     */
    private static long otherPaths(SimulationImpl sim) {
        Fingerprint fp = new Fingerprint();
        DmaDevice gpu = sim.devices().create(DeviceSpec.of("gpu1", "gpu").withIommu(IommuSpec.strict()));
        DmaDevice vpu = sim.devices().create(DeviceSpec.of("vpu1", "vpu").withDmaOffset(-0x840L));
        PageRange block = sim.memory().allocPages(7, Zone.NORMAL);
        CpuMapping lm = sim.cpu().linearMap();
        for (int i = 0; i < 8; i++) { // dirty lines in pages 64..71, same lock groups as pages 0..7 and 32..39
            lm.write(block.phys() + (64L + i) * PAGE + 64L * i, pattern(200 + i, i));
        }
        SgTable src = sim.dma().sgTableOf(List.of(new PageRange(block.pfn(), 8)));
        SgTable dst = sim.dma().sgTableOf(List.of(new PageRange(block.pfn() + 32, 8)));
        sim.dma().mapSgtable(gpu, src, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
        sim.dma().mapSgtable(gpu, dst, DmaDirection.BIDIRECTIONAL, DmaAttrs.SKIP_CPU_SYNC);
        long s = src.get(0).dmaAddress();
        long d = dst.get(0).dmaAddress();
        record(fp, gpu.queue().run(DmaJob.of("dirty", new DmaStep.Write(s, pattern(8 * PAGE, 5)),
                new DmaStep.Copy(s + 100, d + 30, 6 * PAGE), new DmaStep.Read(d, 2 * PAGE),
                new DmaStep.Fill(d + 5 * PAGE, 2 * PAGE + 7, (byte) 3))));
        sim.dma().syncSgtableForCpu(gpu, src, DmaDirection.BIDIRECTIONAL);
        sim.dma().syncSgtableForCpu(gpu, dst, DmaDirection.BIDIRECTIONAL);
        record(fp, gpu.queue().run(DmaJob.of("clean", new DmaStep.Copy(d, s, 8 * PAGE - 1))));
        long phys = block.phys() + 96L * PAGE;
        long dma = phys + 0x840L;
        record(fp, vpu.queue().run(DmaJob.of("offset", new DmaStep.Write(dma, pattern(3 * PAGE, 6)),
                new DmaStep.Copy(dma, dma + 4 * PAGE, 3 * PAGE), new DmaStep.Read(dma + 4 * PAGE, 3 * PAGE))));
        fingerprintState(sim, fp, List.of(), List.of(block));
        return fp.h;
    }

    /** {@code count} pages, every other one of a block, in descending order. */
    private static List<Long> scattered(SimulationImpl sim, int count) {
        PageRange block = sim.memory().allocPages(7, Zone.NORMAL);
        List<Long> pfns = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            pfns.add(block.pfn() + 2L * i);
        }
        return pfns;
    }

    private static byte[] pattern(int len, int salt) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i * 7 + salt * 13 + (i >>> 8));
        }
        return b;
    }

    private static void record(Fingerprint fp, DmaJobResult r) {
        assertTrue(r.ok(), r.label());
        fp.add(r.startNs());
        fp.add(r.endNs());
        r.steps().forEach(s -> {
            fp.add(s.bytesDone());
            fp.add(s.data());
        });
    }

    private static void fingerprintState(SimulationImpl sim, Fingerprint fp, List<Long> pfns, List<PageRange> blocks) {
        List<Long> pages = new ArrayList<>(pfns);
        blocks.forEach(b -> {
            for (long p = b.pfn(); p < b.endPfn(); p++) {
                pages.add(p);
            }
        });
        fp.add(sim.counters().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        fp.add(sim.cache().presentLines());
        fp.add(sim.cache().dirtyLines());
        Arrays.stream(sim.cpuCache().hotPages()).forEach(fp::add);
        byte[] page = new byte[PAGE];
        for (long pfn : pages) {
            long phys = pfn << 12;
            for (int line = 0; line < PAGE / 64; line++) {
                long at = phys + line * 64L;
                fp.add((sim.cache().isPresent(at) ? 1 : 0) + (sim.cache().isDirty(at) ? 2 : 0));
            }
            sim.memory().readDram(phys, page, 0, PAGE);
            fp.add(page);
        }
        for (long pfn : pages) {
            fp.add(sim.cpu().linearMap().read(pfn << 12, PAGE));
        }
    }

    /**
     * A non-coherent copy whose source has dirty lines the device does not see: the eviction after a
     * source burst writes them back between the device's read and its write, so the copy must carry
     * DRAM as it was at the read.
     */
    private static long dirtySource(SimulationImpl sim) {
        Fingerprint fp = new Fingerprint();
        DmaDevice gpu = sim.devices().create(DeviceSpec.of("gpu2", "gpu").withIommu(IommuSpec.strict()));
        PageRange block = sim.memory().allocPages(5, Zone.NORMAL);
        SgTable src = sim.dma().sgTableOf(List.of(new PageRange(block.pfn(), 8)));
        SgTable dst = sim.dma().sgTableOf(List.of(new PageRange(block.pfn() + 16, 8)));
        sim.dma().mapSgtable(gpu, src, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        sim.dma().mapSgtable(gpu, dst, DmaDirection.BIDIRECTIONAL, DmaAttrs.NONE);
        long s = src.get(0).dmaAddress();
        long d = dst.get(0).dmaAddress();
        record(fp, gpu.queue().run(DmaJob.of("fill", new DmaStep.Write(s, pattern(8 * PAGE, 8)))));
        CpuMapping lm = sim.cpu().linearMap();
        for (int i = 0; i < 8 * PAGE; i += 192) { // dirty lines all over the source, never cleaned
            lm.write(block.phys() + i, pattern(64, i));
        }
        for (int round = 0; round < 3; round++) {
            record(fp, gpu.queue().run(DmaJob.of("copy", new DmaStep.Copy(s, d, 8 * PAGE))));
        }
        fingerprintState(sim, fp, List.of(), List.of(block));
        return fp.h;
    }

    private static long runOther(CacheConfig cache, long seed) {
        try (SimulationImpl sim = new SimulationImpl(SimulationConfig.defaults().withSeed(seed).withCache(cache))) {
            return otherPaths(sim);
        }
    }

    @Test
    @DisplayName("dirty lines, shared lock groups, page-straddling bursts: recorded fingerprints")
    void otherPathsKnownAnswers() {
        assertEquals(-3904685302176165591L, runOther(CacheConfig.defaults(), 9));
        assertEquals(3871116465381601683L, runOther(CacheConfig.defaults().withPrefetch(6).withEviction(3), 10));
        assertEquals(4215514808588895377L, runOther(new CacheConfig(16 * 1024, 16, 4, 2, 64, false), 11)); // one lock
    }

    @Test
    @DisplayName("a copy from a source with dirty lines: recorded fingerprints")
    void dirtySourceKnownAnswers() {
        try (SimulationImpl a = new SimulationImpl(SimulationConfig.defaults().withSeed(12));
                SimulationImpl b = new SimulationImpl(SimulationConfig.defaults().withSeed(13)
                        .withCache(CacheConfig.defaults().withEviction(16)))) {
            assertEquals(8637651874716003017L, dirtySource(a));
            assertEquals(6162566309982504659L, dirtySource(b));
        }
    }

    @Test
    @DisplayName("default cache: same seed, same fingerprint, equal to the recorded one")
    void defaultCacheKnownAnswer() {
        long a = run(CacheConfig.defaults(), 5);
        assertEquals(a, run(CacheConfig.defaults(), 5));
        assertEquals(949066143882258494L, a);
    }

    @Test
    @DisplayName("default cache, another seed: its own recorded fingerprint")
    void otherSeedKnownAnswer() {
        assertEquals(-1353838450222533366L, run(CacheConfig.defaults(), 77));
    }

    @Test
    @DisplayName("a 64 KiB cache: prefetches evict capacity victims; recorded fingerprint")
    void smallCacheKnownAnswer() {
        assertEquals(-8541731175403487593L, run(CacheConfig.defaults().withCapacity(64 * 1024), 5));
    }

    @Test
    @DisplayName("adversarial cache: recorded fingerprint")
    void adversarialKnownAnswer() {
        assertEquals(3216377518441930813L, run(CacheConfig.defaults().withAdversarial(true), 5)); // re-recorded: adversarial eviction takes only dirty lines
    }

    @Test
    @DisplayName("more prefetch and eviction than present lines: recorded fingerprint")
    void heavyEventsKnownAnswer() {
        assertEquals(-641223646816892417L, run(CacheConfig.defaults().withPrefetch(9).withEviction(70), 5));
    }
}
