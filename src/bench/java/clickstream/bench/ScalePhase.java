package clickstream.bench;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ReplicaInfo;
import org.apache.kafka.common.ConsumerGroupState;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.app.ClickstreamApp;
import clickstream.config.Setting;
import clickstream.config.SettingsCatalog;
import clickstream.config.SettingsCatalog.Indexer;
import clickstream.embedded.Ports;
import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.EventPacer;
import clickstream.generator.GeneratorService;
import clickstream.generator.GeneratorSettings;
import clickstream.it.KafkaTestClient;

/**
 * (8, opt-in: {@code -Dbench.phases=scale}) The indexer scaled out: 1, 2, then 3 indexer JVMs (the real app,
 * generator off, {@link ClickstreamApp} in a JVM each, as pods are) in one consumer group on one topic, the inputs of
 * docs/capacity.md. For each count, on a fresh topic and group: the JVMs start on the empty topic and the group
 * settles (every consumer a member, state Stable: start-up and rebalances are not the indexers' throughput); the
 * producer ({@link ProducerPhase}) then writes {@code bench.scale-events} events; the window opens once the producer
 * is done (what was indexed meanwhile is left out) and closes when {@code _count} sees every event. CPU per 1,000
 * events is the indexer JVMs' together and the services JVM's (broker + node) over that window; a first run of one
 * JVM warms the services JVM up and is not counted. Also measured once:
 * an event's size as JSON, as stored by Kafka (the app's compression) and in the index, for the capacity model.
 */
final class ScalePhase {

    static final String KEY = "scale";

    private ScalePhase() {
    }

    static Map<String, Object> run(BenchConfig config, ChildJvm services, SearchNode node, BenchCamel camel, String brokers)
            throws Exception {
        int events = integer("bench.scale-events", 150_000);
        Map<String, Object> result = new LinkedHashMap<>();
        // the services JVM compiles for tens of seconds (Repeats): a run of 1 JVM first, not counted, so the first
        // measured run does not pay for it
        Map<String, Object> warmup = runWith("bench-scale-warmup", 1, events, config, services, node, camel, brokers);
        Benchmark.say("scale: warm-up, 1 indexer JVM: %,d events/s (not counted)", warmup.get("events_per_s"));
        List<Map<String, Object>> runs = new ArrayList<>();
        for (int jvms = 1; jvms <= integer("bench.scale-max-jvms", 3); jvms++) {
            Map<String, Object> run = runWith("bench-scale" + jvms, jvms, events, config, services, node, camel, brokers);
            runs.add(run);
            Benchmark.say("scale: %d indexer JVM(s): %,d events/s, CPU ms per 1,000 events: indexers %s, services %s",
                    jvms, run.get("events_per_s"), run.get("indexer_jvms_cpu_ms_per_1000"), run.get("services_jvm_cpu_ms_per_1000"));
        }
        result.put("events", events);
        result.put("event_bytes", eventBytes());
        result.put("warmup", warmup);
        result.put("runs", runs);
        return result;
    }

    private static Map<String, Object> runWith(String name, int jvms, int events, BenchConfig config, ChildJvm services,
            SearchNode node, BenchCamel camel, String brokers) throws Exception {
        List<ChildJvm> indexers = new ArrayList<>();
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("indexer_jvms", jvms);
        try {
            for (int i = 1; i <= jvms; i++) {
                indexers.add(startIndexer(config, brokers, node.url(), name, i));
            }
            for (ChildJvm indexer : indexers) {
                // Camel Main's line once every route has started
                indexer.awaitLog(") started in ", Duration.ofMinutes(4));
            }
            KafkaTestClient kafka = new KafkaTestClient(brokers);
            int consumers = jvms * AppSettings.of(Map.of()).get(Indexer.CONSUMERS);
            awaitStableGroup(kafka, name, consumers);
            run.put("consumers", consumers);
            run.put("partitions", kafka.partitions(name));

            Window produce = new Window(services);
            new ProducerPhase(camel, brokers, config.producerChunk()).run(name, events, produce);
            long indexedWhileProducing = node.count(name + "-*");
            long t0 = System.nanoTime();
            double indexersCpu0 = cpu(indexers);
            double servicesCpu0 = services.cpuSeconds();
            double load0 = ProcStatus.loadAverage();
            node.awaitCount(name + "-*", events, Duration.ofMinutes(10), () -> requireAlive(indexers));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double indexersCpu = cpu(indexers) - indexersCpu0;
            double servicesCpu = services.cpuSeconds() - servicesCpu0;
            long measured = events - indexedWhileProducing;

            run.put("events", measured);
            run.put("indexed_while_producing", indexedWhileProducing);
            run.put("seconds", CpuMeter.round(seconds));
            run.put("events_per_s", Math.round(measured / seconds));
            run.put("indexer_jvms_cpu_ms_per_1000", CpuMeter.round(1e6 * indexersCpu / measured));
            run.put("services_jvm_cpu_ms_per_1000", CpuMeter.round(1e6 * servicesCpu / measured));
            run.put("cores_busy", CpuMeter.round((indexersCpu + servicesCpu) / seconds));
            run.put("load_average", Map.of("start", load0, "end", ProcStatus.loadAverage()));
            run.put("kafka_bytes_per_event", CpuMeter.round(topicBytes(kafka, name) / (double) events));
            run.put("index_store_bytes_per_event", CpuMeter.round(storeBytes(node.url(), name + "-*") / (double) events));
            run.put("indexer_peak_rss_mib", indexers.stream().map(j -> CpuMeter.round(j.peakRssMiB())).toList());
        } finally {
            for (ChildJvm indexer : indexers) {
                indexer.stop(Duration.ofSeconds(60));
            }
        }
        node.deleteIndices(name + "-*");
        return run;
    }

    private static ChildJvm startIndexer(BenchConfig config, String brokers, String openSearchUrl, String name, int i)
            throws Exception {
        Map<String, String> props = AppSettings.forTopic(brokers, openSearchUrl, name, name);
        props.put("generator.enabled", "false");
        props.put("progress.enabled", "false");
        props.put("http.port", Integer.toString(Ports.freePort()));
        // the app's knobs given to the benchmark (-Dindexer.consumers=1) reach the indexers too
        for (Setting<?> setting : SettingsCatalog.ALL) {
            String value = System.getProperty(setting.key());
            if (value != null) {
                props.putIfAbsent(setting.key(), value);
            }
        }
        List<String> jvmArgs = new ArrayList<>();
        // a pod's heap; the app's own logging, not the tests'
        jvmArgs.add("-Xmx" + System.getProperty("bench.scale-heap", "512m"));
        jvmArgs.add("-XX:+UseG1GC");
        URL appLogConfig = ClickstreamApp.class.getResource("/log4j2.xml");
        if (appLogConfig != null) {
            jvmArgs.add("-Dlog4j2.configurationFile=" + appLogConfig);
        }
        props.forEach((k, v) -> jvmArgs.add("-D" + k + "=" + v));
        return ChildJvm.start(jvmArgs, ClickstreamApp.class.getName(), config.out().resolve(name + "-indexer" + i + ".log"));
    }

    /** Every consumer of every JVM in the group with partitions, so no rebalance falls into the window. */
    private static void awaitStableGroup(KafkaTestClient kafka, String group, int consumers) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        try (Admin admin = kafka.admin()) {
            while (true) {
                ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
                if (description.state() == ConsumerGroupState.STABLE && description.members().size() == consumers) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("group " + group + " not stable with " + consumers + " members: "
                            + description.state() + ", " + description.members().size() + " members");
                }
                Thread.sleep(200);
            }
        }
    }

    private static void requireAlive(List<ChildJvm> indexers) {
        for (ChildJvm indexer : indexers) {
            if (!indexer.isAlive()) {
                throw new IllegalStateException("an indexer JVM exited:\n" + indexer.logTail(30));
            }
        }
    }

    private static double cpu(List<ChildJvm> jvms) {
        return jvms.stream().mapToDouble(ChildJvm::cpuSeconds).sum();
    }

    /** The topic's log size on the broker (one replica: the embedded broker), compressed as the app produces. */
    private static long topicBytes(KafkaTestClient kafka, String topic) throws Exception {
        long bytes = 0;
        try (Admin admin = kafka.admin()) {
            List<Integer> brokerIds = admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList();
            for (Map<String, LogDirDescription> dirs : admin.describeLogDirs(brokerIds).allDescriptions().get().values()) {
                for (LogDirDescription dir : dirs.values()) {
                    for (Map.Entry<TopicPartition, ReplicaInfo> replica : dir.replicaInfos().entrySet()) {
                        if (replica.getKey().topic().equals(topic)) {
                            bytes += replica.getValue().size();
                        }
                    }
                }
            }
        }
        return bytes;
    }

    /** Primary store size of the indices, after a flush (what a replica copies and what the disk holds). */
    private static long storeBytes(String url, String pattern) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        http.send(HttpRequest.newBuilder(URI.create(url + "/" + pattern + "/_flush")).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        String body = http.send(HttpRequest.newBuilder(URI.create(url + "/" + pattern + "/_stats/store")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        JsonNode stats = SearchNode.JSON.readTree(body);
        return stats.path("_all").path("primaries").path("store").path("size_in_bytes").asLong();
    }

    /** The mean size of an event's JSON, as the generator writes it (Kafka value = OpenSearch document). */
    private static double eventBytes() {
        ClickstreamGenerator generator = new ClickstreamGenerator(GeneratorSettings.defaults());
        // toRecords only needs a context to make messages; nothing is started
        GeneratorService records = new GeneratorService(generator, new EventPacer(1), new DefaultCamelContext());
        long bytes = 0;
        int n = 20_000;
        for (Message record : records.toRecords(generator.next(n))) {
            bytes += record.getBody(byte[].class).length;
        }
        return CpuMeter.round(bytes / (double) n);
    }

    private static int integer(String key, int defaultValue) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? defaultValue : Integer.parseInt(value.trim().replace("_", ""));
    }
}
