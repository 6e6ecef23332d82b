package clickstream.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The benchmark's own sizes, read from {@code -Dbench.*} system properties (defaults = the documented full run).
 * The app's knobs are not here: they are the app's own properties ({@code -Dindexer.consumers=2}), which the
 * in-process app reads like {@code mvn camel:run} does.
 */
public record BenchConfig(
        int events,
        int repeats,
        int warmupEvents,
        int sweepEvents,
        List<Integer> batchSizes,
        List<Integer> concurrencies,
        double seedWindowSeconds,
        double generatorWindowSeconds,
        int producerChunk,
        int latencyRate,
        double latencySeconds,
        double latencyWarmupSeconds,
        int startupRepeats,
        String servicesHeap,
        Path out,
        Set<String> phases) {

    public static final List<String> ALL_PHASES = List.of("generator", "ceiling", "reference", "drain", "avro", "seed", "latency",
            "startup");

    /** Phases that run only when named in bench.phases: {@link ScalePhase} starts several app JVMs (docs/capacity.md). */
    public static final List<String> OPT_IN_PHASES = List.of(ScalePhase.KEY);

    public static BenchConfig fromSystemProperties() {
        return new BenchConfig(
                integer("bench.events", 150_000),
                integer("bench.repeats", 3),
                integer("bench.warmup-events", 100_000),
                integer("bench.sweep-events", 40_000),
                integers("bench.batch-sizes", "1000,2000,5000"),
                integers("bench.concurrency", "1,2"),
                decimal("bench.seed-window-s", 5),
                decimal("bench.generator-window-s", 3),
                integer("bench.producer-chunk", 2_000),
                integer("bench.latency-rate", 2_000),
                decimal("bench.latency-s", 30),
                decimal("bench.latency-warmup-s", 10),
                integer("bench.startup-repeats", 1),
                System.getProperty("bench.services-heap", "1g"),
                Path.of(System.getProperty("bench.out", "target/bench")).toAbsolutePath(),
                Set.copyOf(Arrays.asList(System.getProperty("bench.phases", String.join(",", ALL_PHASES)).split(","))));
    }

    /**
     * A tiny run for the smoke test in plain {@code mvn verify}: every phase and figure, one sweep setting, a warm-up
     * and one repeat of 1,000 events, windows of a second or a few, in about a minute and a half.
     */
    public static BenchConfig smoke(Path out) {
        return new BenchConfig(1_000, 1, 500, 500, List.of(500), List.of(1), 1, 0.5, 500, 200, 3, 1, 1, "768m",
                out, Set.copyOf(ALL_PHASES));
    }

    public boolean runs(String phase) {
        return phases.contains(phase);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("events", events);
        map.put("repeats", repeats);
        map.put("warmup_events", warmupEvents);
        map.put("sweep_events", sweepEvents);
        map.put("batch_sizes", batchSizes);
        map.put("concurrency", concurrencies);
        map.put("seed_window_s", seedWindowSeconds);
        map.put("generator_window_s", generatorWindowSeconds);
        map.put("producer_chunk", producerChunk);
        map.put("latency_rate", latencyRate);
        map.put("latency_s", latencySeconds);
        map.put("latency_warmup_s", latencyWarmupSeconds);
        map.put("startup_repeats", startupRepeats);
        map.put("services_heap", servicesHeap);
        map.put("phases", java.util.stream.Stream.concat(ALL_PHASES.stream(), OPT_IN_PHASES.stream()).filter(phases::contains).toList());
        return map;
    }

    private static int integer(String key, int defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim().replace("_", ""));
    }

    private static double decimal(String key, double defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : Double.parseDouble(value.trim());
    }

    private static List<Integer> integers(String key, String defaultValue) {
        return Arrays.stream(System.getProperty(key, defaultValue).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).collect(Collectors.toList());
    }
}
