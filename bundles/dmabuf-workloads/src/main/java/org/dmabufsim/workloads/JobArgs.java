// SPDX-License-Identifier: Apache-2.0
package org.dmabufsim.workloads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dmabufsim.dmabuf.spi.CachingModel;

/**
 * The main job's arguments.
 *
 * @param frames frames per run, 1..{@value #MAX_FRAMES}
 * @param seed the seed of every run's simulation
 * @param width frame width in pixels
 * @param height frame height in lines (4 bytes per pixel)
 * @param models caching models to compare, in report order, no duplicates
 * @param era which arm64 era each run gets
 * @param adversarial the cache's adversarial mode (prefetch every line before a DMA burst, evict the dirty ones after)
 * @param cameraMapping how long camera0 keeps A mapped in every run, or {@code null}: as each flavour does
 * @param help {@code --help}: print the usage only
 */
record JobArgs(int frames, long seed, int width, int height, List<String> models, EraChoice era,
        boolean adversarial, CameraMapping cameraMapping, boolean help) {
    static final int BYTES_PER_PIXEL = 4;
    static final int MAX_FRAMES = 1000;
    static final int MAX_SIDE = 8192;
    /** Both buffers of a frame must fit the 256 MiB CMA area with room to spare. */
    static final long MAX_FRAME_BYTES = 64L << 20;
    static final List<String> DEFAULT_MODELS = List.of(CachingModel.ION_4_9, CachingModel.ION_4_12,
            CachingModel.DMA_HEAP);

    static final String USAGE = String.join("\n",
            "usage: main job [--frames N] [--seed S] [--width W] [--height H] [--models a,b,c]",
            "                [--era up-to-5.18|from-5.19|native] [--adversarial]",
            "                [--camera-mapping per-frame|at-import] [--help]",
            "",
            "Compares caching models on camera -> CPU -> display and camera -> GPU -> display, each run in",
            "a private simulation, and prints correctness and cost per pipeline and model.",
            "",
            "  --frames N       frames per run, 1.." + MAX_FRAMES + " (default 8)",
            "  --seed S         seed of every run's simulation (default 0)",
            "  --width W        frame width in pixels (default 1920); 4 bytes per pixel",
            "  --height H       frame height in lines (default 1080); a frame is at most 64 MiB",
            "  --models a,b,c   caching models, in report order (default ion-4.9,ion-4.12,dma-heap)",
            "  --era E          up-to-5.18, from-5.19, or native (default): ION models on arm64 up to",
            "                   v5.18, the others on v5.19+",
            "  --adversarial    the cache's adversarial mode: before every DMA burst it prefetches every",
            "                   line of the burst, after it evicts every dirty one (stale clean lines stay)",
            "  --camera-mapping per-frame (V4L2 videobuf2: map at QBUF, unmap at DQBUF) or at-import (the",
            "                   camera keeps A mapped, as drivers that map a buffer once do) in every run;",
            "                   by default upstream runs map per frame, vendor runs at import",
            "  --help           print this help");

    JobArgs {
        models = List.copyOf(models);
        Objects.requireNonNull(era, "era");
    }

    /** The defaults: 8 frames of 1920x1080, seed 0, the three built-in models, native eras. */
    static JobArgs defaults() {
        return new JobArgs(8, 0, 1920, 1080, DEFAULT_MODELS, EraChoice.NATIVE, false, null, false);
    }

    /** How long camera0 keeps A mapped in the runs of {@code flavour}: {@code --camera-mapping}, else the flavour's. */
    CameraMapping cameraMappingFor(Flavour flavour) {
        return cameraMapping != null ? cameraMapping : flavour.cameraMapping();
    }

    /** Bytes of one frame. */
    int frameBytes() {
        return width * height * BYTES_PER_PIXEL;
    }

    /**
     * Parses {@code --name value} and {@code --name=value} options.
     *
     * @throws UsageException for anything else, with the usage in its message
     */
    static JobArgs parse(String... args) {
        Parser p = new Parser(args == null ? new String[0] : args);
        return p.parse();
    }

    /** One pass over the arguments. Not thread-safe; used once. */
    private static final class Parser {
        private final String[] args;
        private int frames = 8;
        private long seed;
        private int width = 1920;
        private int height = 1080;
        private List<String> models = DEFAULT_MODELS;
        private EraChoice era = EraChoice.NATIVE;
        private boolean adversarial;
        private CameraMapping cameraMapping;
        private boolean help;

        Parser(String[] args) {
            this.args = args;
        }

        JobArgs parse() {
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                int eq = arg.indexOf('=');
                String name = eq < 0 ? arg : arg.substring(0, eq);
                if (name.equals("--adversarial") || name.equals("--help") || name.equals("-h")) {
                    flag(name, eq);
                    continue;
                }
                String value;
                if (eq >= 0) {
                    value = arg.substring(eq + 1);
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException(name + " needs a value");
                }
                option(name, value);
            }
            if ((long) width * height * BYTES_PER_PIXEL > MAX_FRAME_BYTES) {
                throw new UsageException("a frame of " + width + "x" + height + "x" + BYTES_PER_PIXEL
                        + " is more than 64 MiB");
            }
            return new JobArgs(frames, seed, width, height, models, era, adversarial, cameraMapping, help);
        }

        private void flag(String name, int eq) {
            if (eq >= 0) {
                throw new UsageException(name + " takes no value");
            }
            if (name.equals("--adversarial")) {
                adversarial = true;
            } else {
                help = true;
            }
        }

        private void option(String name, String value) {
            switch (name) {
                case "--frames" -> frames = (int) number(name, value, 1, MAX_FRAMES);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--width" -> width = (int) number(name, value, 1, MAX_SIDE);
                case "--height" -> height = (int) number(name, value, 1, MAX_SIDE);
                case "--models" -> models = models(value);
                case "--era" -> era = era(value);
                case "--camera-mapping" -> cameraMapping = cameraMapping(value);
                default -> throw new UsageException("unknown option '" + name + "'");
            }
        }

        private static long number(String name, String value, long min, long max) {
            long n;
            try {
                n = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new UsageException(name + " '" + value + "' is not a whole number");
            }
            if (n < min || n > max) {
                throw new UsageException(name + " " + n + " is outside " + min + ".." + max);
            }
            return n;
        }

        private static List<String> models(String value) {
            Set<String> names = new LinkedHashSet<>();
            for (String raw : value.split(",", -1)) {
                String name = raw.trim();
                if (!name.matches("[a-z0-9][a-z0-9.-]*")) {
                    throw new UsageException("--models '" + value + "': '" + name + "' is not a caching model name");
                }
                if (!names.add(name)) {
                    throw new UsageException("--models '" + value + "' names " + name + " twice");
                }
            }
            return new ArrayList<>(names);
        }

        private static CameraMapping cameraMapping(String value) {
            CameraMapping mapping = CameraMapping.of(value.trim());
            if (mapping == null) {
                throw new UsageException("--camera-mapping '" + value + "': per-frame or at-import");
            }
            return mapping;
        }

        private static EraChoice era(String value) {
            EraChoice era = EraChoice.of(value.trim());
            if (era == null) {
                throw new UsageException("--era '" + value + "': up-to-5.18, from-5.19 or native");
            }
            return era;
        }
    }
}
