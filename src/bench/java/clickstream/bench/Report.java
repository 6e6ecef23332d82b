package clickstream.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Medians, ratios and targets of a run ({@code summary}, {@code targets} in results.json), and the printed table.
 * Every repeated phase is summarized by one rule: the median over its repeats of each figure (events/s, CPU
 * milliseconds per 1,000 events per JVM and thread kind).
 */
final class Report {

    static final double DRAIN_VS_REFERENCE = 0.90;
    static final double APP_CPU_MS_PER_1000_MAX = 20;
    static final double DRAIN_VS_SEED = 30;
    static final double GENERATOR_MIN = 500_000;
    static final double LATENCY_P99_MAX_S = 1.5;
    static final double HEAP_MAX_MIB = 512;
    static final double INGEST_COST_MAX_PCT = 5;
    static final double STARTUP_MAX_S = 15;

    private Report() {
    }

    /** The phases {@link Repeats} runs, and the prefix of their figures in {@code summary}. */
    private static final Map<String, String> PHASES = new LinkedHashMap<>();

    static {
        PHASES.put("ceiling", "raw_ceiling");
        PHASES.put("ceiling_ingest_timestamp", "raw_ceiling_ingest_timestamp");
        PHASES.put("reference", "reference");
        PHASES.put("drain", "drain");
        PHASES.put("seed", "seed");
        PHASES.put("producer", "producer");
        PHASES.put("drain_avro", "drain_avro");
        PHASES.put("producer_avro", "producer_avro");
    }

    /**
     * Adds {@code summary} (medians over repeats, ratios), {@code targets} (value, target, met) and, as top-level
     * fields, the two ratios issue 14 is judged by: {@code drain_vs_reference} and {@code app_cpu_ms_per_1000}.
     */
    static void summarize(Map<String, Object> results) {
        Map<String, Object> s = new LinkedHashMap<>();
        PHASES.forEach((key, prefix) -> {
            s.put(prefix + "_runs", runs(results, key).size());
            s.put(prefix + "_events_per_s", round(median(results, key, "events_per_s")));
            s.put(prefix + "_client_cpu_ms_per_1000", round1(median(results, key, "cpu_ms_per_1000_events", "client_jvm")));
            s.put(prefix + "_services_cpu_ms_per_1000", round1(median(results, key, "cpu_ms_per_1000_events", "services_jvm")));
        });
        double ceiling = median(results, "ceiling", "events_per_s");
        double ceilingTs = median(results, "ceiling_ingest_timestamp", "events_per_s");
        double reference = median(results, "reference", "events_per_s");
        double drain = median(results, "drain", "events_per_s");
        double seed = median(results, "seed", "events_per_s");
        double generator = number(results, "generator", "events_per_s");
        double appCpu = median(results, "drain", "cpu_ms_per_1000_events", "client_jvm");
        List<Map<String, Object>> ceilings = runs(results, "ceiling");
        if (!ceilings.isEmpty()) {
            s.put("raw_ceiling_batch_size", ceilings.get(0).get("batch_size"));
            s.put("raw_ceiling_concurrency", ceilings.get(0).get("concurrency"));
        }
        s.put("ingest_timestamp_cost_pct", round1(100 * (1 - ceilingTs / ceiling)));
        s.put("drain_vs_reference", round2(drain / reference));
        s.put("drain_vs_reference_by_repeat", pairedRatios(results, "drain", "reference"));
        s.put("app_cpu_ms_per_1000", round1(appCpu));
        s.put("reference_vs_ceiling", round2(reference / ceiling));
        s.put("drain_vs_ceiling", round2(drain / ceiling));
        s.put("drain_vs_seed", round1(drain / seed));
        // the drains and the ceilings: the producer's and the seed's windows are short or idle, their share says little
        s.put("jit_cpu_pct_max", max(results, List.of("ceiling", "ceiling_ingest_timestamp", "reference", "drain", "drain_avro"),
                "jit_cpu_pct"));
        s.put("generator_events_per_s", round(generator));
        s.put("generator_with_json_events_per_s", round(number(results, "generator", "with_json_events_per_s")));
        s.put("latency_p50_s", number(results, "latency", "searchable_s", "p50"));
        s.put("latency_p95_s", number(results, "latency", "searchable_s", "p95"));
        s.put("latency_p99_s", number(results, "latency", "searchable_s", "p99"));
        s.put("app_heap_used_peak_mib", max(results, List.of("drain"), "memory", "heap_used_peak_mib"));
        s.put("app_heap_after_gc_peak_mib", max(results, List.of("drain"), "memory", "heap_after_gc_peak_mib"));
        s.put("app_heap_max_mib", max(results, List.of("drain"), "memory", "heap_max_mib"));
        s.put("app_rss_peak_mib", max(results, List.of("drain"), "memory", "rss_peak_mib"));
        s.put("startup_s", round1(median(results, "startup", "seconds")));
        Map<String, Object> avro = formats(results);
        avro.forEach((k, v) -> s.put("formats_" + k, v));
        results.put("drain_vs_reference", s.get("drain_vs_reference"));
        results.put("app_cpu_ms_per_1000", s.get("app_cpu_ms_per_1000"));
        results.put("latency_p99_s", s.get("latency_p99_s"));
        results.put("startup_to_first_doc_s", s.get("startup_s"));
        results.put("avro", avro);
        results.put("summary", s);

        List<Map<String, Object>> targets = new ArrayList<>();
        Map<String, Object> drainTarget = target("drain >= 0.90 x reference consumer", drain / reference, ">=",
                DRAIN_VS_REFERENCE);
        drainTarget.put("why", drainGap(results, drain / reference));
        targets.add(drainTarget);
        Map<String, Object> cpuTarget = target("app CPU <= 20 ms per 1,000 events during the drain", appCpu, "<=",
                APP_CPU_MS_PER_1000_MAX);
        cpuTarget.put("why", appCpuSplit(results));
        targets.add(cpuTarget);
        targets.add(target("drain >= 30 x one request per event", drain / seed, ">=", DRAIN_VS_SEED));
        targets.add(target("generator >= 500,000 events/s on one thread", generator, ">=", GENERATOR_MIN));
        Map<String, Object> latencyTarget = target("latency p99 < 1.5 s at " + number(results, "config", "latency_rate")
                + " events/s", number(results, "latency", "searchable_s", "p99"), "<", LATENCY_P99_MAX_S);
        latencyTarget.put("why", latencyGap(results));
        targets.add(latencyTarget);
        targets.add(target("app heap <= 512 MiB during the drain",
                number(s, "app_heap_used_peak_mib"), "<=", HEAP_MAX_MIB));
        Map<String, Object> startupTarget = target("start-up <= 15 s to the first searchable document",
                median(results, "startup", "seconds"), "<=", STARTUP_MAX_S);
        startupTarget.put("why", startupSplit(results));
        targets.add(startupTarget);
        results.put("targets", targets);
    }

    /** Where a start's time goes, from the milestones of its first run (StartupPhase). */
    private static String startupSplit(Map<String, Object> r) {
        List<Map<String, Object>> runs = runs(r, "startup");
        if (runs.isEmpty()) {
            return null;
        }
        Map<String, Object> m = map(runs.get(0).get("milestones_s"));
        return String.format("from the JVM's launch: first log line at %s s (JVM, class loading), Kafka up at %s s and"
                        + " OpenSearch at %s s (started in parallel, in %s s and %s s), services ready %s s, Camel"
                        + " started %s s (topics, index template, routes), first document searchable %s s (first tick,"
                        + " consumer group join, bulk, refresh)",
                m.get("first_log_line"), m.get("kafka_started"), m.get("opensearch_started"), runs.get(0).get("kafka_start_s"),
                runs.get(0).get("opensearch_start_s"), m.get("services_ready"), m.get("camel_started"),
                runs.get(0).get("seconds"));
    }

    /**
     * JSON next to Avro ({@code event.format}), medians over the repeats: bytes per event on the topic (record values
     * and the topic's size on the broker), the producer's and the indexer's (app's) CPU per 1,000 events, drain rates.
     */
    static Map<String, Object> formats(Map<String, Object> results) {
        Map<String, Object> f = new LinkedHashMap<>();
        for (String format : List.of("json", "avro")) {
            String producer = format.equals("json") ? "producer" : "producer_avro";
            String drain = format.equals("json") ? "drain" : "drain_avro";
            f.put(format + "_value_bytes_per_event", round1(median(results, producer, "value_bytes_per_event")));
            f.put(format + "_topic_bytes_per_event", round1(median(results, producer, "topic_bytes_per_event")));
            f.put(format + "_producer_events_per_s", round(median(results, producer, "events_per_s")));
            f.put(format + "_producer_cpu_ms_per_1000", round1(median(results, producer, "cpu_ms_per_1000_events", "client_jvm")));
            f.put(format + "_drain_events_per_s", round(median(results, drain, "events_per_s")));
            f.put(format + "_indexer_cpu_ms_per_1000", round1(median(results, drain, "cpu_ms_per_1000_events", "client_jvm")));
            f.put(format + "_drain_services_cpu_ms_per_1000", round1(median(results, drain, "cpu_ms_per_1000_events", "services_jvm")));
        }
        f.put("avro_vs_json_drain", round2(Stats.median(pairedRatios(results, "drain_avro", "drain"))));
        f.put("avro_vs_json_drain_by_repeat", pairedRatios(results, "drain_avro", "drain"));
        f.put("avro_vs_json_topic_bytes", round2(num(f.get("avro_topic_bytes_per_event")) / num(f.get("json_topic_bytes_per_event"))));
        return f;
    }

    /** {@code a / b} of the runs of the same repeat: the two ran back to back on the same machine state. */
    private static List<Double> pairedRatios(Map<String, Object> results, String a, String b) {
        List<Double> ratios = new ArrayList<>();
        for (Map<String, Object> runA : runs(results, a)) {
            for (Map<String, Object> runB : runs(results, b)) {
                if (runA.get("repeat").equals(runB.get("repeat"))) {
                    ratios.add(round2(number(runA, "events_per_s") / number(runB, "events_per_s")));
                }
            }
        }
        return ratios;
    }

    static String table(Map<String, Object> r) {
        Map<String, Object> s = map(r.get("summary"));
        Map<String, Object> cfg = map(r.get("config"));
        StringBuilder t = new StringBuilder();
        t.append("clickstream benchmark, ").append(r.get("started_at")).append(", ").append(r.get("wall_s")).append(" s\n");
        t.append("machine: ").append(Machine.oneLine()).append('\n');
        Map<String, Object> load = map(r.get("load_average"));
        t.append(String.format("load average (1 min): %s at start, %s at end | %,d events, %s repeat(s) of every phase after"
                        + " a warm-up run of %,d, medians%n", load.get("start"), load.get("end"),
                ((Number) cfg.get("events")).intValue(), cfg.get("repeats"),
                Math.min(((Number) cfg.get("events")).intValue(), ((Number) cfg.get("warmup_events")).intValue())));
        t.append("app settings: ").append(r.get("app_settings")).append('\n');
        String line = "-".repeat(130) + "\n";
        t.append(line);
        t.append(String.format("%-3s %-52s %-34s %s%n", "#", "measurement", "result", "target"));
        t.append(line);
        row(t, "1", String.format("raw ceiling: bulk NDJSON, %s docs x %s thread(s)", s.get("raw_ceiling_batch_size"),
                s.get("raw_ceiling_concurrency")), rate(s.get("raw_ceiling_events_per_s")), "");
        row(t, "", "  same, with the indexed_at ingest pipeline", rate(s.get("raw_ceiling_ingest_timestamp_events_per_s")),
                String.format("cost %s %% (opt-in above %.0f %%)", s.get("ingest_timestamp_cost_pct"), INGEST_COST_MAX_PCT));
        List<Map<String, Object>> refs = runs(r, "reference");
        row(t, "2", String.format("reference consumer: %s x KafkaConsumer, bulk <= %s",
                refs.isEmpty() ? "n/a" : refs.get(0).get("consumers"), refs.isEmpty() ? "n/a" : refs.get(0).get("max_poll_records")),
                rate(s.get("reference_events_per_s")), String.format("%s x ceiling", s.get("reference_vs_ceiling")));
        row(t, "3", String.format("pipeline drain: %,d events from Kafka", ((Number) cfg.get("events")).intValue()),
                rate(s.get("drain_events_per_s")), verdict(r, 0, "%.2f x reference"));
        row(t, "", "  app CPU during the drain", String.format("%s ms / 1,000 events", s.get("app_cpu_ms_per_1000")),
                verdict(r, 1, "%.1f ms"));
        row(t, "", "  drain / raw ceiling", String.format("%s x", s.get("drain_vs_ceiling")), "");
        row(t, "4", String.format("seed design: 1 Index request per event, %s s", cfg.get("seed_window_s")),
                rate(s.get("seed_events_per_s")), verdict(r, 2, "drain = %.0f x seed"));
        row(t, "5", "generator alone, one thread (next())", rate(s.get("generator_events_per_s")), verdict(r, 3, "%.0f"));
        row(t, "", "  generator + JSON bytes, one thread", rate(s.get("generator_with_json_events_per_s")), "");
        row(t, "", String.format("  producer: camel kafka, list of %s, acks=all", cfg.get("producer_chunk")),
                rate(s.get("producer_events_per_s")), "");
        Map<String, Object> lat = map(r.get("latency"));
        row(t, "6", String.format("latency timestamp->searchable @ %s/s, refresh %s", cfg.get("latency_rate"),
                lat.getOrDefault("refresh_interval", "?")), String.format("p50 %s p95 %s p99 %s s", s.get("latency_p50_s"),
                s.get("latency_p95_s"), s.get("latency_p99_s")), verdict(r, 4, "p99 %.2f s"));
        Map<String, Object> idx = map(lat.get("indexed_s"));
        Map<String, Object> wait = map(lat.get("refresh_wait_s"));
        row(t, "", "  of which timestamp->indexed_at", String.format("p50 %s p95 %s p99 %s s", idx.get("p50"), idx.get("p95"),
                idx.get("p99")), "");
        row(t, "", "  of which indexed_at->searchable (refresh)", String.format("p50 %s p95 %s p99 %s s", wait.get("p50"),
                wait.get("p95"), wait.get("p99")), "");
        row(t, "7", String.format("app heap during the drain (-Xmx %s MiB)", s.get("app_heap_max_mib")),
                String.format("peak %s, after GC %s MiB", s.get("app_heap_used_peak_mib"), s.get("app_heap_after_gc_peak_mib")),
                verdict(r, 5, "%.0f MiB"));
        row(t, "", "  app JVM resident set (RSS), peak", String.format("%s MiB", s.get("app_rss_peak_mib")), "");
        Map<String, Object> f = map(r.get("avro"));
        row(t, "8", "event.format json: bytes/event value, on topic", String.format("%s B, %s B",
                f.get("json_value_bytes_per_event"), f.get("json_topic_bytes_per_event")), "");
        row(t, "", "  avro: bytes/event value, on topic", String.format("%s B, %s B", f.get("avro_value_bytes_per_event"),
                f.get("avro_topic_bytes_per_event")), String.format("%s x json on the topic", f.get("avro_vs_json_topic_bytes")));
        row(t, "", "  producer json / avro", rate(f.get("json_producer_events_per_s")) + " / "
                + rate(f.get("avro_producer_events_per_s")), String.format("CPU %s / %s ms per 1,000 events",
                f.get("json_producer_cpu_ms_per_1000"), f.get("avro_producer_cpu_ms_per_1000")));
        row(t, "", "  drain json / avro", rate(f.get("json_drain_events_per_s")) + " / "
                + rate(f.get("avro_drain_events_per_s")), String.format("avro = %s x json; app CPU %s / %s ms per 1,000",
                f.get("avro_vs_json_drain"), f.get("json_indexer_cpu_ms_per_1000"), f.get("avro_indexer_cpu_ms_per_1000")));
        List<Map<String, Object>> startups = runs(r, "startup");
        row(t, "9", "start-up: JVM start -> first searchable document", String.format("%s s", s.get("startup_s")),
                verdict(r, 6, "%.1f s"));
        row(t, "", "  of which", startups.isEmpty() ? "n/a" : String.format("kafka %s s, opensearch %s s",
                startups.get(0).get("kafka_start_s"), startups.get(0).get("opensearch_start_s")),
                startups.isEmpty() ? "" : "milestones " + startups.get(0).get("milestones_s"));
        t.append(line);
        t.append("CPU per 1,000 events, medians (client JVM = the app in the drain, the reference consumer, the ceiling's"
                + " client):\n");
        for (String key : List.of("ceiling", "reference", "drain", "drain_avro", "producer", "producer_avro")) {
            cpuLine(t, r, key);
        }
        t.append(String.format("JIT compilers' share of a ceiling's or drain's CPU (both JVMs): at most %s %%%n", s.get("jit_cpu_pct_max")));
        t.append("runs (events/s by repeat): ");
        PHASES.keySet().stream().filter(k -> !runs(r, k).isEmpty()).forEach(k -> t.append(k).append(' ')
                .append(runs(r, k).stream().map(run -> String.valueOf(run.get("events_per_s"))).toList()).append("  "));
        t.append('\n');
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

    /** CPU per 1,000 events of one phase by JVM and thread kind, medians over its repeats. */
    private static void cpuLine(StringBuilder t, Map<String, Object> r, String key) {
        if (runs(r, key).isEmpty()) {
            return;
        }
        t.append(String.format("  %-10s client JVM %5.1f ms (Kafka consumer threads %4.1f, HTTP I/O %4.1f, other %4.1f, GC %4.1f,"
                        + " JIT %4.1f) | services JVM %5.1f ms (OpenSearch threads %4.1f, Kafka and other %4.1f, GC %4.1f, JIT %4.1f)%n",
                key, median(r, key, "cpu_ms_per_1000_events", "client_jvm"),
                cpuMs(r, key, CLIENT, "kafka_consumer_route"), cpuMs(r, key, CLIENT, "http_client_io"),
                cpuMs(r, key, CLIENT, "other_java_threads") + cpuMs(r, key, CLIENT, "jvm_vm") + cpuMs(r, key, CLIENT, "ended_threads"),
                cpuMs(r, key, CLIENT, "jvm_gc"), cpuMs(r, key, CLIENT, "jvm_jit"),
                median(r, key, "cpu_ms_per_1000_events", "services_jvm"),
                cpuMs(r, key, SERVICES, "opensearch_threads"), cpuMs(r, key, SERVICES, "kafka_and_other_threads")
                        + cpuMs(r, key, SERVICES, "jvm_vm"),
                cpuMs(r, key, SERVICES, "jvm_gc"), cpuMs(r, key, SERVICES, "jvm_jit")));
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

    private static final String CLIENT = "bench_jvm_by_thread_s";
    private static final String SERVICES = "services_jvm_by_thread_s";

    /**
     * Where the drain's gap to the reference consumer comes from, per 1,000 events: on a machine where the broker,
     * the node and the consumer share the cores, both are CPU-bound, so their rates stand in about the inverse ratio
     * of the CPU each event costs.
     */
    private static String drainGap(Map<String, Object> r, double measured) {
        if (runs(r, "drain").isEmpty() || runs(r, "reference").isEmpty()) {
            return null;
        }
        double refClient = median(r, "reference", "cpu_ms_per_1000_events", "client_jvm");
        double refServices = median(r, "reference", "cpu_ms_per_1000_events", "services_jvm");
        double drainClient = median(r, "drain", "cpu_ms_per_1000_events", "client_jvm");
        double drainServices = median(r, "drain", "cpu_ms_per_1000_events", "services_jvm");
        return String.format("CPU per 1,000 events on %s shared cores: the reference consumer costs %.0f ms (its JVM %.0f,"
                        + " services %.0f: OpenSearch threads %.0f), the drain %.0f ms (app %.0f, services %.0f: OpenSearch"
                        + " threads %.0f); at equal CPU per event the drain would run at %.2f x the reference (measured %.2f x)."
                        + " The app's share is the 'app CPU' line.",
                map(map(runs(r, "drain").get(0)).get("cpu")).get("cores"), refClient + refServices, refClient, refServices,
                cpuMs(r, "reference", SERVICES, "opensearch_threads"), drainClient + drainServices, drainClient,
                drainServices, cpuMs(r, "drain", SERVICES, "opensearch_threads"),
                (refClient + refServices) / (drainClient + drainServices), measured);
    }

    /** Where the app's CPU goes during the drain, per 1,000 events, next to the reference consumer's own. */
    private static String appCpuSplit(Map<String, Object> r) {
        if (runs(r, "drain").isEmpty()) {
            return null;
        }
        return String.format("app JVM per 1,000 events: Kafka consumer threads (the indexer route: validation, bulk body,"
                        + " commit) %.1f ms, HTTP client I/O %.1f ms, other threads %.1f ms, GC %.1f ms, JIT %.1f ms; the"
                        + " reference consumer's JVM needs %.1f ms in all (consumer threads %.1f, HTTP I/O %.1f, GC %.1f)",
                cpuMs(r, "drain", CLIENT, "kafka_consumer_route"), cpuMs(r, "drain", CLIENT, "http_client_io"),
                cpuMs(r, "drain", CLIENT, "other_java_threads") + cpuMs(r, "drain", CLIENT, "jvm_vm")
                        + cpuMs(r, "drain", CLIENT, "ended_threads"),
                cpuMs(r, "drain", CLIENT, "jvm_gc"), cpuMs(r, "drain", CLIENT, "jvm_jit"),
                median(r, "reference", "cpu_ms_per_1000_events", "client_jvm"),
                cpuMs(r, "reference", CLIENT, "kafka_consumer_route"), cpuMs(r, "reference", CLIENT, "http_client_io"),
                cpuMs(r, "reference", CLIENT, "jvm_gc"));
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

    /** Median over the runs of {@code key} of {@code cpu.<group>.<kind>} seconds, as milliseconds per 1,000 events. */
    private static double cpuMs(Map<String, Object> results, String key, String group, String kind) {
        List<Double> values = new ArrayList<>();
        for (Map<String, Object> run : runs(results, key)) {
            // a kind /proc did not list used no CPU
            double seconds = number(run, "cpu", group, kind);
            values.add(Double.isNaN(seconds) ? 0 : 1e6 * seconds / number(run, "events"));
        }
        return Stats.median(values);
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

    /** The largest value at {@code path} over the runs of the phases {@code keys}, or null. */
    private static Object max(Map<String, Object> results, java.util.Collection<String> keys, String... path) {
        double max = Double.NaN;
        for (String key : keys) {
            for (Map<String, Object> run : runs(results, key)) {
                double v = number(run, path);
                if (!Double.isNaN(v)) {
                    max = Double.isNaN(max) ? v : Math.max(max, v);
                }
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
