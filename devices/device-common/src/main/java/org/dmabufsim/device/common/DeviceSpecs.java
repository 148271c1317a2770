// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.device.common;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dmabufsim.dma.DeviceSpec;
import org.dmabufsim.dma.IommuSpec;

/**
 * A model's {@link DeviceSpec} with the configuration's overrides applied:
 * {@value DeviceProperties#DMA_MASK_BITS}, {@value DeviceProperties#COHERENT},
 * {@value DeviceProperties#IOMMU} and {@value DeviceProperties#MAX_SEGMENT_SIZE}.
 */
public final class DeviceSpecs {
    /** {@code UINT_MAX}: what DRM and V4L2 drivers pass to {@code dma_set_max_seg_size()} ({@code DMA_BIT_MASK(32)}). */
    public static final long UINT_MAX = 0xffff_ffffL;

    private DeviceSpecs() {
    }

    /**
     * {@code base} with the overrides of {@code props}.
     *
     * @throws org.dmabufsim.sim.ErrnoException EINVAL for a bad value
     */
    public static DeviceSpec configure(DeviceSpec base, DeviceProperties props) {
        int defaultBits = 64 - Long.numberOfLeadingZeros(base.dmaMask());
        int bits = (int) props.number(DeviceProperties.DMA_MASK_BITS, defaultBits, 1, 64);
        boolean coherent = props.bool(DeviceProperties.COHERENT, base.coherent());
        long maxSeg = props.number(DeviceProperties.MAX_SEGMENT_SIZE, base.maxSegmentSize(), 4096, UINT_MAX);
        Optional<IommuSpec> iommu = props.choice(DeviceProperties.IOMMU, Optional.ofNullable(base.iommu()), iommuChoices());
        return base.withDmaMask(DeviceSpec.bits(bits)).withCoherent(coherent).withMaxSegmentSize(maxSeg)
                .withIommu(iommu.orElse(null));
    }

    private static Map<String, Optional<IommuSpec>> iommuChoices() {
        Map<String, Optional<IommuSpec>> choices = new LinkedHashMap<>();
        choices.put("strict", Optional.of(IommuSpec.strict()));
        choices.put("lazy", Optional.of(IommuSpec.lazy()));
        choices.put("identity", Optional.of(IommuSpec.identity()));
        choices.put("none", Optional.empty());
        return choices;
    }
}
