// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.List;
import java.util.function.Function;
import org.dmabufsim.device.DeviceModelFactory;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Registers the {@link CachingModelComparison} as the launcher's main job: a
 * {@code Function<String[], String>} service with {@code dmabuf.job=main}. It references every heap
 * and device model factory (static, multiple, greedy: a factory that comes or goes re-creates the
 * job with the new set) and hands them to the job by type and by model.
 */
@Component(service = Function.class, property = MainJobComponent.JOB + "=" + MainJobComponent.NAME)
public final class MainJobComponent implements Function<String[], String> {
    /** The launcher's job service property. */
    public static final String JOB = "dmabuf.job";
    /** This job's name. */
    public static final String NAME = "main";

    private final CachingModelComparison job;

    @Activate
    public MainJobComponent(
            @Reference(service = HeapFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<HeapFactory> heaps,
            @Reference(service = DeviceModelFactory.class, cardinality = ReferenceCardinality.MULTIPLE,
                    policyOption = ReferencePolicyOption.GREEDY) List<DeviceModelFactory> devices) {
        this.job = new CachingModelComparison(Factories.of(heaps, devices));
    }

    /** Runs the comparison with the launcher's job arguments and returns the report. */
    @Override
    public String apply(String[] args) {
        return job.run(args);
    }
}
