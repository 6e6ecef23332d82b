package clickstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Medians, ratios and targets of a run ({@code summary}, {@code targets} in results.json), and the printed table. */
final class Report {

    static final double DRAIN_VS_CEILING = 0.90;
    static final double DRAIN_VS_SEED = 30;
    static final double GENERATOR_MIN = 500_000;
    static final double LATENCY_P99_MAX_S = 1.5;
    static final double HEAP_MAX_MIB = 512;
    static final double INGEST_COST_MAX_PCT = 5;

    private Report() {
    }

    /** Adds {@code summary} (medians over repeats, ratios) and {@code targets} (value, target, met) to the results. */
    static void summarize(Map<String, Object> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        double ceiling = median(results, "ceiling", "events_per_s");
        double ceilingTs = median(results, "ceiling_ingest_timestamp", "events_per_s");
        double drain = median(results, "drain", "events_per_s");
        double seed = median(results, "seed", "events_per_s");
        double producer = median(results, "producer", "events_per_s");
        double generator = number(results, "generator", "events_per_s");
        Map<String, Object> first = medianRun(results, "ceiling");
        s.put("raw_ceiling_events_per_s", round(ceiling));
        if (first != null) {
            s.put("raw_ceiling_batch_size", first.get("batch_size"));
            s.put("raw_ceiling_concurrency", first.get("concurrency"));
        }
        s.put("raw_ceiling_ingest_timestamp_events_per_s", round(ceilingTs));
        s.put("ingest_timestamp_cost_pct", round1(100 * (1 - ceilingTs / ceiling)));
        s.put("drain_events_per_s", round(drain));
        s.put("drain_vs_ceiling", round2(drain / ceiling));
        s.put("seed_events_per_s", round(seed));
        s.put("drain_vs_seed", round1(drain / seed));
        s.put("generator_events_per_s", round(generator));
        s.put("generator_with_json_events_per_s", round(number(results, "generator", "with_json_events_per_s")));
        s.put("producer_events_per_s", round(producer));
        s.put("latency_p50_s", number(results, "latency", "searchable_s", "p50"));
        s.put("latency_p95_s", number(results, "latency", "searchable_s", "p95"));
        s.put("latency_p99_s", number(results, "latency", "searchable_s", "p99"));
        s.put("app_heap_used_peak_mib", max(results, "drain", "memory", "heap_used_peak_mib"));
        s.put("app_heap_after_gc_peak_mib", max(results, "drain", "memory", "heap_after_gc_peak_mib"));
        s.put("app_heap_max_mib", max(results, "drain", "memory", "heap_max_mib"));
        s.put("app_rss_peak_mib", max(results, "drain", "memory", "rss_peak_mib"));
        s.put("startup_s", round1(median(results, "startup", "seconds")));
        results.put("summary", s);

        List<Map<String, Object>> targets = new ArrayList<>();
        Map<String, Object> drainTarget = target("drain >= 0.90 x raw ceiling", drain / ceiling, ">=", DRAIN_VS_CEILING);
        drainTarget.put("why", drainGap(results, drain / ceiling));
        targets.add(drainTarget);
        targets.add(target("drain >= 30 x one request per event", drain / seed, ">=", DRAIN_VS_SEED));
        targets.add(target("generator >= 500,000 events/s on one thread", generator, ">=", GENERATOR_MIN));
        Map<String, Object> latencyTarget = target("latency p99 < 1.5 s at " + number(results, "config", "latency_rate")
                + " events/s", number(results, "latency", "searchable_s", "p99"), "<", LATENCY_P99_MAX_S);
        latencyTarget.put("why", latencyGap(results));
        targets.add(latencyTarget);
        targets.add(target("app heap <= 512 MiB during the drain",
                number(s, "app_heap_used_peak_mib"), "<=", HEAP_MAX_MIB));
        results.put("targets", targets);
    }

    static String table(Map<String, Object> r) {
        Map<String, Object> s = map(r.get("summary"));
        Map<String, Object> cfg = map(r.get("config"));
        StringBuilder t = new StringBuilder();
        t.append("clickstream benchmark, ").append(r.get("started_at")).append('\n');
        t.append("machine: ").append(Machine.oneLine()).append('\n');
        Map<String, Object> load = map(r.get("load_average"));
        t.append(String.format("load average (1 min): %s at start, %s at end | %,d events, %s repeat(s), medians%n",
                load.get("start"), load.get("end"), ((Number) cfg.get("events")).intValue(), cfg.get("repeats")));
        t.append("app settings: ").append(r.get("app_settings")).append('\n');
        String line = "-".repeat(130) + "\n";
        t.append(line);
        t.append(String.format("%-3s %-52s %-34s %s%n", "#", "measurement", "result", "target"));
        t.append(line);
        row(t, "1", String.format("raw ceiling: bulk NDJSON, %s docs x %s thread(s)", s.get("raw_ceiling_batch_size"),
                s.get("raw_ceiling_concurrency")), rate(s.get("raw_ceiling_events_per_s")), "");
        row(t, "", "  same, with the indexed_at ingest pipeline", rate(s.get("raw_ceiling_ingest_timestamp_events_per_s")),
                String.format("cost %s %% (opt-in above %.0f %%)", s.get("ingest_timestamp_cost_pct"), INGEST_COST_MAX_PCT));
        row(t, "2", String.format("pipeline drain: %,d events from Kafka", ((Number) cfg.get("events")).intValue()),
                rate(s.get("drain_events_per_s")), verdict(r, 0, "%.2f x ceiling"));
        row(t, "3", String.format("seed design: 1 Index request per event, %s s", cfg.get("seed_window_s")),
                rate(s.get("seed_events_per_s")), verdict(r, 1, "drain = %.0f x seed"));
        row(t, "4", "generator alone, one thread (next())", rate(s.get("generator_events_per_s")), verdict(r, 2, "%.0f"));
        row(t, "", "  generator + JSON bytes, one thread", rate(s.get("generator_with_json_events_per_s")), "");
        row(t, "", String.format("  producer: camel kafka, list of %s, acks=all", cfg.get("producer_chunk")),
                rate(s.get("producer_events_per_s")), "");
        Map<String, Object> lat = map(r.get("latency"));
        row(t, "5", String.format("latency timestamp->searchable @ %s/s, refresh %s", cfg.get("latency_rate"),
                lat.getOrDefault("refresh_interval", "?")), String.format("p50 %s p95 %s p99 %s s", s.get("latency_p50_s"),
                s.get("latency_p95_s"), s.get("latency_p99_s")), verdict(r, 3, "p99 %.2f s"));
        Map<String, Object> idx = map(lat.get("indexed_s"));
        Map<String, Object> wait = map(lat.get("refresh_wait_s"));
        row(t, "", "  of which timestamp->indexed_at", String.format("p50 %s p95 %s p99 %s s", idx.get("p50"), idx.get("p95"),
                idx.get("p99")), "");
        row(t, "", "  of which indexed_at->searchable (refresh)", String.format("p50 %s p95 %s p99 %s s", wait.get("p50"),
                wait.get("p95"), wait.get("p99")), "");
        row(t, "6", String.format("app heap during the drain (-Xmx %s MiB)", s.get("app_heap_max_mib")),
                String.format("peak %s, after GC %s MiB", s.get("app_heap_used_peak_mib"), s.get("app_heap_after_gc_peak_mib")),
                verdict(r, 4, "%.0f MiB"));
        row(t, "", "  app JVM resident set (RSS), peak", String.format("%s MiB", s.get("app_rss_peak_mib")), "");
        List<Map<String, Object>> startups = runs(r, "startup");
        row(t, "7", "start-up: JVM start -> first searchable document", String.format("%s s", s.get("startup_s")),
                startups.isEmpty() ? "" : String.format("kafka %s s, opensearch %s s", startups.get(0).get("kafka_start_s"),
                        startups.get(0).get("opensearch_start_s")));
        t.append(line);
        cpuLine(t, "ceiling", medianRun(r, "ceiling"));
        cpuLine(t, "drain", medianRun(r, "drain"));
        for (Map<String, Object> target : runs(r, "targets")) {
            if (Boolean.FALSE.equals(target.get("met"))) {
                t.append("NOT MET: ").append(target.get("name")).append(" (").append(target.get("value")).append(")\n");
                if (target.get("why") != null) {
                    t.append("  why: ").append(target.get("why")).append('\n');
                }
            }
        }
        return t.toString();
    }

    /** CPU per 1,000 events, where it went: the figure that explains a gap on a 2-core machine. */
    private static void cpuLine(StringBuilder t, String name, Map<String, Object> run) {
        if (run == null) {
            return;
        }
        Map<String, Object> cpu = map(run.get("cpu"));
        t.append(String.format("cpu %-8s %5.1f s wall x %s cores: app/bench JVM %5.1f s (%4.1f ms/1k events), services JVM %5.1f s"
                        + " (%4.1f ms/1k), other processes %5.1f s%n", name, num(cpu.get("wall_s")), cpu.get("cores"),
                num(cpu.get("bench_jvm_cpu_s")), perThousand(run, "bench_jvm_cpu_s"),
                num(cpu.get("services_jvm_cpu_s")), perThousand(run, "services_jvm_cpu_s"),
                num(cpu.get("other_processes_cpu_s"))));
    }

    private static void row(StringBuilder t, String n, String what, String result, String target) {
        // a figure a skipped phase did not produce reads n/a
        t.append(String.format("%-3s %-52s %-34s %s%n", n, what, result.replace("null", "n/a"), target.replace("null", "n/a")));
    }

    private static String verdict(Map<String, Object> r, int index, String valueFormat) {
        List<Map<String, Object>> targets = runs(r, "targets");
        if (index >= targets.size()) {
            return "";
        }
        Map<String, Object> target = targets.get(index);
        Object value = target.get("value");
        if (value == null) {
            return "n/a: " + target.get("name");
        }
        return String.format(valueFormat, ((Number) value).doubleValue()) + "  " + (Boolean.TRUE.equals(target.get("met")) ? "OK" : "MISSED")
                + "  (" + target.get("name") + ")";
    }

    private static String rate(Object value) {
        return value == null ? "n/a" : String.format("%,d events/s", ((Number) value).longValue());
    }

    private static Map<String, Object> target(String name, double value, String op, double limit) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("name", name);
        boolean known = !Double.isNaN(value) && !Double.isInfinite(value);
        t.put("value", known ? Math.round(value * 1000) / 1000.0 : null);
        t.put("target", op + " " + limit);
        t.put("met", known ? switch (op) {
            case ">=" -> value >= limit;
            case "<" -> value < limit;
            default -> value <= limit;
        } : null);
        return t;
    }

    // ---- reading the results tree ----

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> runs(Map<String, Object> results, String key) {
        return results.get(key) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
    }

    /**
     * Where the drain's gap to the ceiling comes from, from the CPU the median runs used per 1,000 events: both are
     * CPU-bound on the same cores, so their rates stand in the inverse ratio of the CPU each event costs.
     */
    private static String drainGap(Map<String, Object> results, double measured) {
        Map<String, Object> drain = medianRun(results, "drain");
        Map<String, Object> ceiling = medianRun(results, "ceiling");
        if (drain == null || ceiling == null) {
            return null;
        }
        double drainServices = perThousand(drain, "services_jvm_cpu_s");
        double drainApp = perThousand(drain, "bench_jvm_cpu_s");
        double ceilingAll = perThousand(ceiling, "services_jvm_cpu_s") + perThousand(ceiling, "bench_jvm_cpu_s");
        Map<String, Object> threads = map(map(drain.get("cpu")).get("bench_jvm_by_thread_s"));
        String services = "services_jvm_by_thread_s";
        return String.format("CPU per 1,000 events, both runs CPU-bound on the same %s cores: the ceiling costs %.0f ms"
                        + " (OpenSearch threads %.0f ms, indexing pre-built requests); in the drain the services JVM"
                        + " alone costs %.0f ms (OpenSearch threads %.0f ms with full bulk responses, Kafka serving the"
                        + " fetches and other threads %.0f ms, GC+JIT %.0f ms) and the app %.0f ms more (consumer route %s s,"
                        + " HTTP I/O %s s, GC %s s, JIT %s s). Even a free app would reach %.2f x; with the app %.2f x"
                        + " (measured %.2f x). Beyond this needs cores the app does not share with the node.",
                map(drain.get("cpu")).get("cores"), ceilingAll, perThousand(ceiling, services, "opensearch_threads"),
                drainServices, perThousand(drain, services, "opensearch_threads"),
                perThousand(drain, services, "kafka_and_other_threads"),
                perThousand(drain, services, "jvm_gc") + perThousand(drain, services, "jvm_jit"), drainApp,
                threads.get("kafka_consumer_route"), threads.get("http_client_io"), threads.get("jvm_gc"),
                threads.get("jvm_jit"), ceilingAll / drainServices, ceilingAll / (drainServices + drainApp), measured);
    }

    private static String latencyGap(Map<String, Object> results) {
        Map<String, Object> lat = map(results.get("latency"));
        if (lat.isEmpty()) {
            return null;
        }
        return String.format("timestamp->indexed_at is p99 %s s (Kafka, batching, bulk); the node's own refresh"
                        + " (indexed_at->searchable, refresh_interval %s) is p99 %s s by itself: a refresh every %s"
                        + " that takes a while on a loaded %s-core node. opensearch.index.refresh-interval is the knob.",
                map(lat.get("indexed_s")).get("p99"), lat.get("refresh_interval"),
                map(lat.get("refresh_wait_s")).get("p99"), lat.get("refresh_interval"), map(lat.get("cpu")).get("cores"));
    }

    /** Milliseconds of CPU per 1,000 events of {@code run}: {@code cpu.<key>}, or {@code cpu.<group>.<key>}. */
    private static double perThousand(Map<String, Object> run, String... path) {
        Map<String, Object> at = map(run.get("cpu"));
        for (int i = 0; i < path.length - 1; i++) {
            at = map(at.get(path[i]));
        }
        return 1000 * num(at.get(path[path.length - 1])) / (((Number) run.get("events")).doubleValue() / 1000);
    }

    /** The run with the median rate (the lower middle one of an even count): the one the medians describe. */
    private static Map<String, Object> medianRun(Map<String, Object> results, String key) {
        List<Map<String, Object>> runs = new ArrayList<>(runs(results, key));
        if (runs.isEmpty()) {
            return null;
        }
        runs.sort(java.util.Comparator.comparingDouble(run -> number(run, "events_per_s")));
        return runs.get((runs.size() - 1) / 2);
    }

    private static double median(Map<String, Object> results, String key, String... path) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> run : runs(results, key)) {
            double v = number(run, path);
            if (!Double.isNaN(v)) {
                values.add(v);
            }
        }
        return Stats.median(values);
    }

    private static Object max(Map<String, Object> results, String key, String... path) {
        double max = Double.NaN;
        for (Map<String, Object> run : runs(results, key)) {
            double v = number(run, path);
            if (!Double.isNaN(v)) {
                max = Double.isNaN(max) ? v : Math.max(max, v);
            }
        }
        return Double.isNaN(max) ? null : max;
    }

    static double number(Map<String, Object> root, String... path) {
        Object value = root;
        for (String key : path) {
            value = map(value).get(key);
        }
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double num(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static Long round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value);
    }

    private static Double round1(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 10) / 10.0;
    }

    private static Double round2(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : Math.round(value * 100) / 100.0;
    }
}
