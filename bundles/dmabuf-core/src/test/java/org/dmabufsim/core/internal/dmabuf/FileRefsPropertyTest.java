// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.dmabuf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.dmabufsim.dmabuf.Owner;
import org.dmabufsim.sim.Errno;
import org.dmabufsim.sim.ErrnoException;

class FileRefsPropertyTest {
    private static final Owner[] OWNERS = {Fixture.OWNER, Owner.process(7), Owner.bundle("org.example.heap")};

    @Property(tries = 300)
    @Label("rule 4: references per owner balance, file_count is their sum, release runs once at zero")
    void rule4_referencesBalance(@ForAll @Size(max = 80) List<@IntRange(min = 0, max = 8) Integer> steps) {
        Fixture f = new Fixture();
        RecordingOps ops = new RecordingOps();
        DmaBufImpl buf = f.export(ops);
        Map<Owner, Long> model = new HashMap<>(Map.of(Fixture.OWNER, 1L));
        for (int step : steps) {
            Owner owner = OWNERS[step % OWNERS.length];
            long held = model.getOrDefault(owner, 0L);
            switch (step / OWNERS.length) {
                case 0 -> {
                    buf.get(owner);
                    model.merge(owner, 1L, Long::sum);
                }
                case 1 -> put(buf, owner, held, model);
                default -> {
                    assertEquals(held, buf.putAll(owner));
                    model.remove(owner);
                }
            }
            long total = model.values().stream().mapToLong(Long::longValue).sum();
            assertEquals(total == 0 ? 1 : 0, ops.releases.get());
            if (total == 0) {
                assertEquals(List.of(), f.bufs.list());
                return;
            }
            assertEquals(total, buf.fileCount());
            assertEquals(model, buf.references());
        }
    }

    private static void put(DmaBufImpl buf, Owner owner, long held, Map<Owner, Long> model) {
        if (held == 0) {
            assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> buf.put(owner)).errno());
            return;
        }
        buf.put(owner);
        if (held == 1) {
            model.remove(owner);
        } else {
            model.put(owner, held - 1);
        }
    }
}
