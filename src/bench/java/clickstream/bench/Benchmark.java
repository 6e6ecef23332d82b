package clickstream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import clickstream.config.Setting;
import clickstream.config.Settings;
import clickstream.config.SettingsCatalog.Generator;
import clickstream.config.SettingsCatalog.Indexer;
import clickstream.config.SettingsCatalog.Kafka;
import clickstream.config.SettingsCatalog.OpenSearch;
import clickstream.embedded.EmbeddedServicesMain;
import clickstream.embedded.Ports;
import clickstream.model.EventFormat;

/**
 * The pipeline measured against this machine's own ceiling (docs/benchmark.md): {@code mvn -Pbench verify}.
 *
 * <p>This JVM hosts the app (and the benchmark's clients); the embedded Kafka broker and OpenSearch node run in a
 * second JVM ({@link EmbeddedServicesMain}) so the app's memory and CPU can be told apart from the services'. Every
 * phase indexes into a fresh index made from the app's own template. Prints a table and writes
 * {@code target/bench/results.json}.
 */
public final class Benchmark {

    private Benchmark() {
    }

    public static void main(String[] args) {
        int code = 0;
        try {
            BenchConfig config = BenchConfig.fromSystemProperties();
            Map<String, Object> results = run(config);
            System.out.println();
            System.out.println(Report.table(results));
            System.out.println("results: " + config.out().resolve("results.json"));
        } catch (Throwable e) {
            System.err.println("benchmark failed: " + e);
            e.printStackTrace();
            code = 1;
        }
        // Kafka and HTTP client threads must not keep the JVM (and Maven) waiting
        System.exit(code);
    }

    /** Runs the phases of {@code config}, writes {@code results.json} to its out directory, returns the results. */
    public static Map<String, Object> run(BenchConfig config) throws Exception {
        long t0 = System.nanoTime();
        Files.createDirectories(config.out());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("started_at", Instant.now().toString());
        results.put("machine", Machine.describe());
        results.put("config", config.asMap());
        results.put("app_settings", appKnobs());
        double loadStart = ProcStatus.loadAverage();
        say("machine: %s | load average %.2f", Machine.oneLine(), loadStart);

        if (config.runs("generator")) {
            results.put("generator", GeneratorPhase.run(config));
            say("generator: %,d events/s on one thread", results.get("generator") instanceof Map<?, ?> m ? m.get("events_per_s") : 0);
        }
        if (config.runs("ceiling") || config.runs("reference") || config.runs("drain") || config.runs("seed")
                || config.runs("latency") || config.runs("avro") || config.runs(ScalePhase.KEY)) {
            servicePhases(config, results);
        }
        if (config.runs("startup")) {
            List<Map<String, Object>> runs = new ArrayList<>();
            for (int r = 1; r <= config.startupRepeats(); r++) {
                Map<String, Object> run = StartupPhase.run(config.out(), r);
                runs.add(run);
                say("start-up %d: %.1f s to the first searchable document", r, run.get("seconds"));
            }
            results.put("startup", runs);
        }
        results.put("load_average", Map.of("start", loadStart, "end", ProcStatus.loadAverage()));
        results.put("finished_at", Instant.now().toString());
        results.put("wall_s", CpuMeter.round((System.nanoTime() - t0) / 1e9));
        Report.summarize(results);
        // the headline ratios, summary and targets first; then every run, warm-ups included
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String key : List.of("started_at", "wall_s", "drain_vs_reference", "app_cpu_ms_per_1000", "latency_p99_s",
                "startup_to_first_doc_s", "avro", "summary", "targets")) {
            ordered.put(key, results.get(key));
        }
        ordered.putAll(results);
        SearchNode.JSON.writerWithDefaultPrettyPrinter().writeValue(config.out().resolve("results.json").toFile(), ordered);
        return ordered;
    }

    private static void servicePhases(BenchConfig config, Map<String, Object> results) throws Exception {
        Path dataDir = config.out().resolve("services-data");
        StartupPhase.deleteRecursively(dataDir);
        int kafkaPort = Ports.freePort();
        int openSearchPort = Ports.freePort();
        while (openSearchPort == kafkaPort) {
            openSearchPort = Ports.freePort();
        }
        String brokers = "localhost:" + kafkaPort;
        String url = "http://localhost:" + openSearchPort;
        say("starting the embedded services in their own JVM (-Xmx%s): Kafka %s, OpenSearch %s", config.servicesHeap(), brokers, url);
        List<String> jvmArgs = new ArrayList<>(List.of("-Xms" + config.servicesHeap(), "-Xmx" + config.servicesHeap(),
                "-XX:+UseG1GC", "-Dembedded.kafka.port=" + kafkaPort, "-Dembedded.opensearch.port=" + openSearchPort,
                "-Dembedded.data-dir=" + dataDir));
        // e.g. -Dbench.services-jvm-opts=-XX:StartFlightRecording=filename=target/bench/services.jfr to profile them
        String extra = System.getProperty("bench.services-jvm-opts", "").trim();
        if (!extra.isEmpty()) {
            jvmArgs.addAll(List.of(extra.split("\\s+")));
        }
        ChildJvm services = ChildJvm.start(jvmArgs,
                EmbeddedServicesMain.class.getName(), config.out().resolve("services.log"));
        try (services) {
            services.awaitLog("Press Ctrl-C to stop.", Duration.ofMinutes(4));
            try (SearchNode node = new SearchNode(url); BenchCamel camel = new BenchCamel(brokers, url)) {
                repeats(config, results, services, node, camel, brokers);
                if (config.runs("latency")) {
                    Map<String, Object> latency = LatencyPhase.run(node, services, brokers, "bench-latency",
                            config.latencyRate(), config.latencyWarmupSeconds(), config.latencySeconds());
                    results.put("latency", latency);
                    say("latency at %d events/s: searchable %s s, indexed %s s", config.latencyRate(),
                            latency.get("searchable_s"), latency.get("indexed_s"));
                }
                if (config.runs(ScalePhase.KEY)) {
                    results.put(ScalePhase.KEY, ScalePhase.run(config, services, node, camel, brokers));
                }
            }
            results.put("services_jvm", Map.of("heap", config.servicesHeap(), "rss_peak_mib", CpuMeter.round(services.peakRssMiB())));
        }
        StartupPhase.deleteRecursively(dataDir);
    }

    /**
     * The sweep picks the raw ceiling's bulk size and concurrency; then every measured phase gets the same warm-up and
     * repeats ({@link Repeats}).
     */
    private static void repeats(BenchConfig config, Map<String, Object> results, ChildJvm services, SearchNode node,
            BenchCamel camel, String brokers) throws Exception {
        Repeats repeats = new Repeats(services);
        List<Phase> inputs = new ArrayList<>();
        List<Phase> measured = new ArrayList<>();
        if (config.runs("ceiling")) {
            int[] best = sweep(config, results, repeats, node);
            measured.add(new CeilingPhase(node, best[0], best[1], false));
            measured.add(new CeilingPhase(node, best[0], best[1], true));
        }
        if (config.runs("reference") || config.runs("drain")) {
            inputs.add(new ProducerPhase(camel, brokers, config.producerChunk()));
        }
        if (config.runs("avro")) {
            inputs.add(new ProducerPhase(camel, brokers, config.producerChunk(), EventFormat.AVRO));
        }
        if (config.runs("reference")) {
            measured.add(new ReferenceConsumerPhase(node, brokers));
        }
        if (config.runs("drain")) {
            measured.add(new DrainPhase(node, brokers));
        }
        if (config.runs("avro")) {
            measured.add(new DrainPhase(node, brokers, EventFormat.AVRO));
        }
        if (config.runs("seed")) {
            measured.add(new SeedDesignPhase(camel, node, config.seedWindowSeconds()));
        }
        repeats.run(inputs, measured, config, results);
    }

    /**
     * Every bulk size with every concurrency on {@code sweepEvents} events, after a run that warms the node up so
     * the first setting is not measured on a cold JIT; returns the fastest {batch size, concurrency}.
     */
    private static int[] sweep(BenchConfig config, Map<String, Object> results, Repeats repeats, SearchNode node)
            throws Exception {
        int warmupEvents = Math.min(config.events(), config.warmupEvents());
        repeats.once(new CeilingPhase(node, config.batchSizes().get(0), config.concurrencies().get(0), false),
                "bench-sweep0", warmupEvents, 0);
        List<Map<String, Object>> sweep = new ArrayList<>();
        int i = 0;
        for (int b : config.batchSizes()) {
            for (int c : config.concurrencies()) {
                sweep.add(repeats.once(new CeilingPhase(node, b, c, false), "bench-sweep" + (++i), config.sweepEvents(), 0));
            }
        }
        results.put("ceiling_sweep", sweep);
        Map<String, Object> best = sweep.stream()
                .max(Comparator.comparingLong(r -> ((Number) r.get("events_per_s")).longValue())).orElseThrow();
        say("ceiling: batch %s x %s thread(s) is the sweep's best", best.get("batch_size"), best.get("concurrency"));
        return new int[] {(Integer) best.get("batch_size"), (Integer) best.get("concurrency")};
    }

    /** The app's tunable settings as this run resolves them (application.properties, then -D and environment). */
    static Map<String, Object> appKnobs() {
        Settings settings = AppSettings.of(Map.of());
        Map<String, Object> knobs = new LinkedHashMap<>();
        for (Setting<?> setting : List.of(Indexer.MAX_POLL_RECORDS, Indexer.BATCHING_INTERVAL_MS,
                Indexer.POLL_TIMEOUT_MS, Indexer.CONSUMERS, OpenSearch.REFRESH_INTERVAL, OpenSearch.TRANSLOG_DURABILITY,
                OpenSearch.INGEST_TIMESTAMP, Kafka.LINGER_MS, Kafka.COMPRESSION, Kafka.PARTITIONS, Generator.TICK_MS)) {
            // checked like the app checks them, so a wrong -D stops the run before any phase; kept as text
            knobs.put(setting.key(), settings.optional(setting).map(String::valueOf).orElse(""));
        }
        return knobs;
    }

    static void say(String format, Object... args) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
