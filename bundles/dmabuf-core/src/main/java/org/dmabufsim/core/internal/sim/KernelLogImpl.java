// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.core.internal.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.dmabufsim.sim.KernelLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The simulation's dmesg; every record also goes to SLF4J. */
public final class KernelLogImpl implements KernelLog {
    private static final Logger LOG = LoggerFactory.getLogger(KernelLogImpl.class);

    private final Object lock = new Object(); // guards records and counts
    private final List<Record> records = new ArrayList<>();
    private final Map<Level, Long> counts = new EnumMap<>(Level.class);
    private final LongSupplier clock;
    private final String simName;

    public KernelLogImpl(String simName, LongSupplier clock) {
        this.simName = simName;
        this.clock = clock;
    }

    public void info(String message) {
        print(Level.INFO, message);
    }

    public void warn(String message) {
        print(Level.WARN, message);
    }

    public void error(String message) {
        print(Level.ERROR, message);
    }

    public void bug(String message) {
        print(Level.BUG, message);
    }

    @Override
    public void print(Level level, String message) {
        synchronized (lock) {
            records.add(new Record(records.size(), clock.getAsLong(), level, message));
            counts.merge(level, 1L, Long::sum);
        }
        switch (level) {
            case INFO:
                LOG.debug("[{}] {}", simName, message);
                break;
            case WARN:
                LOG.info("[{}] WARN: {}", simName, message);
                break;
            default:
                LOG.warn("[{}] {}: {}", simName, level, message);
        }
    }

    @Override
    public List<Record> records() {
        synchronized (lock) {
            return List.copyOf(records);
        }
    }

    @Override
    public List<Record> grep(String text) {
        synchronized (lock) {
            return records.stream().filter(r -> r.message().contains(text)).toList();
        }
    }

    @Override
    public long count(Level level) {
        synchronized (lock) {
            return counts.getOrDefault(level, 0L);
        }
    }
}
