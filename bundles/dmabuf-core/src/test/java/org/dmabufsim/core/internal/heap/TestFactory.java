// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.heap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.dmabufsim.dmabuf.spi.HeapContext;
import org.dmabufsim.dmabuf.spi.HeapFactory;
import org.dmabufsim.dmabuf.spi.HeapPolicy;

/** A heap factory for registry tests; keeps the policies it created (drop it for GC tests). */
final class TestFactory implements HeapFactory {
    final List<HeapPolicy> created = new ArrayList<>();
    private final String type;
    private final Function<HeapContext, HeapPolicy> create;

    TestFactory(String type, Function<HeapContext, HeapPolicy> create) {
        this.type = type;
        this.create = create;
    }

    TestFactory(String type) {
        this(type, TestPolicy::new);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public HeapPolicy create(HeapContext context) {
        HeapPolicy p = create.apply(context);
        created.add(p);
        return p;
    }

    TestPolicy last() {
        return (TestPolicy) created.get(created.size() - 1);
    }
}
