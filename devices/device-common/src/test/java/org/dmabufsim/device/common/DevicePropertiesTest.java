// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.dmabufsim.device.DeviceConfig;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.IommuDomainType;
import org.dmabufsim.dma.IommuSpec;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;
import org.junit.jupiter.api.Test;

class DevicePropertiesTest {
    private static DeviceProperties props(String... kv) {
        DeviceConfig c = DeviceConfig.of("dev0", "test");
        for (int i = 0; i < kv.length; i += 2) {
            c = c.with(kv[i], kv[i + 1]);
        }
        return new DeviceProperties(c);
    }

    @Test
    void numbersAreDecimalOrHexAndDefaultWhenUnset() {
        assertEquals(7, props().number("n", 7, 0, 10));
        assertEquals(42, props("n", " 42 ").number("n", 7, 0, 100));
        assertEquals(0xffff_ffffL, props("n", "0xFFFFFFFF").number("n", 0, 0, 1L << 40));
    }

    @Test
    void badNumbersAreEinvalNamingDeviceKeyAndRange() {
        ErrnoException e = assertThrows(ErrnoException.class, () -> props("n", "12x").number("n", 0, 0, 100));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("EINVAL: dev0: n=12x (expected a number)", e.getMessage());
        e = assertThrows(ErrnoException.class, () -> props("n", "101").number("n", 0, 0, 100));
        assertEquals("EINVAL: dev0: n=101 (expected 0..100)", e.getMessage());
    }

    @Test
    void booleansAreTrueOrFalseOnly() {
        assertTrue(props("b", "TRUE").bool("b", false));
        assertFalse(props("b", "false").bool("b", true));
        assertTrue(props().bool("b", true));
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> props("b", "yes").bool("b", false)).errno());
    }

    @Test
    void choicesListWhatIsAcceptedInOrder() {
        Map<String, Integer> choices = new LinkedHashMap<>();
        choices.put("one", 1);
        choices.put("two", 2);
        assertEquals(2, props("c", "Two").choice("c", 0, choices));
        assertEquals(0, props().choice("c", 0, choices));
        ErrnoException e = assertThrows(ErrnoException.class, () -> props("c", "three").choice("c", 0, choices));
        assertEquals("EINVAL: dev0: c=three (expected one, two)", e.getMessage());
    }

    @Test
    void importModeDefaultsToTrust() {
        assertEquals(ImportMode.TRUST, ImportMode.of(DeviceConfig.of("d", "m")));
        assertEquals(ImportMode.MAP_TABLE, ImportMode.of(DeviceConfig.of("d", "m").with("import.mode", "map-table")));
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> ImportMode.of(DeviceConfig.of("d", "m").with("import.mode", "mapped")));
        assertEquals(Errno.EINVAL, e.errno());
    }

    @Test
    void frameDefaultsTo1080pArgb() {
        FrameFormat f = FrameFormat.of(props());
        assertEquals(new FrameFormat(1920, 1080, 4), f);
        assertEquals(8_294_400, f.bytes());
        assertEquals(64 * 32 * 2, FrameFormat.of(props("frame.width", "64", "frame.height", "32", "frame.bpp", "2")).bytes());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> FrameFormat.of(props("frame.width", "65536", "frame.height", "65536"))).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> FrameFormat.of(props("frame.height", "0"))).errno());
    }

    @Test
    void specOverridesMaskCoherencyIommuAndSegmentSize() {
        DeviceSpec base = DeviceSpec.of("dev0", "test").withDmaMask(DeviceSpec.bits(32)).withIommu(IommuSpec.strict());
        DeviceSpec unchanged = DeviceSpecs.configure(base, props());
        assertEquals(base, unchanged);

        DeviceSpec s = DeviceSpecs.configure(base, props("dma.mask.bits", "64", "coherent", "true", "iommu", "none",
                "max.segment.size", "0x10000"));
        assertEquals(-1L, s.dmaMask());
        assertTrue(s.coherent());
        assertNull(s.iommu());
        assertEquals(65536, s.maxSegmentSize());

        assertEquals(IommuDomainType.DMA_FQ, DeviceSpecs.configure(base, props("iommu", "lazy")).iommu().type());
        assertEquals(IommuDomainType.IDENTITY, DeviceSpecs.configure(base, props("iommu", "identity")).iommu().type());
        assertEquals(IommuDomainType.DMA,
                DeviceSpecs.configure(DeviceSpec.of("d", "t"), props("iommu", "strict")).iommu().type());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> DeviceSpecs.configure(base, props("iommu", "smmu"))).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> DeviceSpecs.configure(base, props("dma.mask.bits", "65"))).errno());
    }
}
