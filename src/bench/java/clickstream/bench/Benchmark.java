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

import clickstream.config.Settings;
import clickstream.embedded.EmbeddedServicesMain;
import clickstream.embedded.Ports;

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
        if (config.runs("ceiling") || config.runs("drain") || config.runs("seed") || config.runs("latency")) {
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
        Report.summarize(results);
        SearchNode.JSON.writerWithDefaultPrettyPrinter().writeValue(config.out().resolve("results.json").toFile(), results);
        return results;
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
            }
            results.put("services_jvm", Map.of("heap", config.servicesHeap(), "rss_peak_mib", CpuMeter.round(services.peakRssMiB())));
        }
        StartupPhase.deleteRecursively(dataDir);
    }

    private static void repeats(BenchConfig config, Map<String, Object> results, ChildJvm services, SearchNode node,
            BenchCamel camel, String brokers) throws Exception {
        CeilingPhase ceiling = new CeilingPhase(node, services);
        int batch = config.batchSizes().get(0);
        int concurrency = config.concurrencies().get(0);
        // the sweep's two best settings are often within its noise of each other (short runs on a node that is still
        // compiling): every repeat measures both and the faster one is that repeat's ceiling
        int[] runnerUp = null;
        if (config.runs("ceiling")) {
            // the node's (and this JVM's) JIT warms up on a run that is not recorded, so the sweep compares like with
            // like
            ceiling.run("bench-warmup", Math.min(config.events(), 100_000), batch, concurrency, false, 999);
            List<Map<String, Object>> sweep = new ArrayList<>();
            int i = 0;
            for (int b : config.batchSizes()) {
                for (int c : config.concurrencies()) {
                    Map<String, Object> run = ceiling.run("bench-sweep" + (++i), config.sweepEvents(), b, c, false, 1000 + i);
                    sweep.add(run);
                    say("ceiling sweep: batch %d x %d thread(s): %,d events/s", b, c, run.get("events_per_s"));
                }
            }
            List<Map<String, Object>> ranked = sweep.stream()
                    .sorted(Comparator.comparingLong(r -> -((Number) r.get("events_per_s")).longValue())).toList();
            batch = (Integer) ranked.get(0).get("batch_size");
            concurrency = (Integer) ranked.get(0).get("concurrency");
            if (ranked.size() > 1) {
                runnerUp = new int[] {(Integer) ranked.get(1).get("batch_size"), (Integer) ranked.get(1).get("concurrency")};
            }
            results.put("ceiling_sweep", sweep);
        }
        List<Map<String, Object>> ceilings = new ArrayList<>();
        List<Map<String, Object>> ceilingsWithPipeline = new ArrayList<>();
        List<Map<String, Object>> producers = new ArrayList<>();
        List<Map<String, Object>> drains = new ArrayList<>();
        List<Map<String, Object>> seeds = new ArrayList<>();
        if (config.runs("drain")) {
            // a drain that is not recorded: the JIT compilers of both JVMs (the services' one compiles for tens of
            // seconds) have compiled the pipeline's paths before the first measured run
            int warmup = Math.min(config.events(), 100_000);
            ProducerPhase.run(camel, services, brokers, "bench-drainwarmup", warmup, config.producerChunk(), 999);
            DrainPhase.run(node, services, brokers, "bench-drainwarmup", warmup);
            say("warm-up drain of %,d events done", warmup);
        }
        for (int r = 1; r <= config.repeats(); r++) {
            if (config.runs("ceiling")) {
                // alternate the order so a drift in the machine's load does not favour one of the two
                for (boolean pipeline : r % 2 == 1 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                    Map<String, Object> run = ceiling.run((pipeline ? "bench-ceilts" : "bench-ceil") + r, config.events(),
                            batch, concurrency, pipeline, r);
                    say("ceiling %d%s: %,d events/s (batch %d x %d), cpu %s", r, pipeline ? " with the indexed_at pipeline" : "",
                            run.get("events_per_s"), batch, concurrency, run.get("cpu"));
                    if (!pipeline && runnerUp != null) {
                        Map<String, Object> other = ceiling.run("bench-ceilalt" + r, config.events(), runnerUp[0], runnerUp[1],
                                false, r);
                        say("ceiling %d, runner-up setting: %,d events/s (batch %d x %d)", r, other.get("events_per_s"),
                                runnerUp[0], runnerUp[1]);
                        if (((Number) other.get("events_per_s")).longValue() > ((Number) run.get("events_per_s")).longValue()) {
                            run = other;
                        }
                    }
                    (pipeline ? ceilingsWithPipeline : ceilings).add(run);
                }
            }
            if (config.runs("drain")) {
                String topic = "bench-drain" + r;
                Map<String, Object> produced = ProducerPhase.run(camel, services, brokers, topic, config.events(),
                        config.producerChunk(), r);
                producers.add(produced);
                say("producer %d: %,d events/s into %s", r, produced.get("events_per_s"), topic);
                Map<String, Object> drain = DrainPhase.run(node, services, brokers, topic, config.events());
                drains.add(drain);
                say("drain %d: %,d events/s (%s s), memory %s, cpu %s", r, drain.get("events_per_s"), drain.get("seconds"), drain.get("memory"), drain.get("cpu"));
            }
            if (config.runs("seed")) {
                Map<String, Object> seed = SeedDesignPhase.run(camel, node, services, "bench-seed" + r,
                        config.seedWindowSeconds(), r);
                seeds.add(seed);
                say("seed design %d: %,d events/s", r, seed.get("events_per_s"));
            }
        }
        putIfAny(results, "ceiling", ceilings);
        putIfAny(results, "ceiling_ingest_timestamp", ceilingsWithPipeline);
        putIfAny(results, "producer", producers);
        putIfAny(results, "drain", drains);
        putIfAny(results, "seed", seeds);
    }

    private static void putIfAny(Map<String, Object> results, String key, List<Map<String, Object>> runs) {
        if (!runs.isEmpty()) {
            results.put(key, runs);
        }
    }

    /** The app's tunable settings as this run resolves them (application.properties, then -D and environment). */
    static Map<String, Object> appKnobs() {
        Settings settings = AppSettings.of(Map.of());
        Map<String, Object> knobs = new LinkedHashMap<>();
        for (String key : List.of("indexer.max-poll-records", "indexer.batching-interval-ms", "indexer.poll-timeout-ms",
                "indexer.consumers", "opensearch.index.refresh-interval", "opensearch.index.translog-durability",
                "opensearch.ingest-timestamp", "kafka.producer.linger-ms", "kafka.producer.compression",
                "kafka.topic.partitions", "generator.tick-ms")) {
            knobs.put(key, settings.optional(key).orElse(""));
        }
        return knobs;
    }

    static void say(String format, Object... args) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), String.format(format, args));
    }
}
