package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import clickstream.config.Settings;
import clickstream.embedded.Ports;
import clickstream.generator.GeneratorRoute;
import clickstream.reconcile.Reconciler;
import clickstream.reconcile.Reconciliation;

/**
 * One pipeline on the {@link SharedCluster}, as in production: the generator in this JVM ({@link RunningApp}, indexer
 * off) and two indexer instances in JVMs of their own ({@link ChildApp}, generator off, one consumer group), with a
 * topic, dead-letter topic, group and index prefix of the test's own; replication factor 3 (min.insync.replicas 2
 * from the brokers) and 1 index replica. Ends with {@link #stopAndReconcile()}.
 */
final class ClusterPipeline implements AutoCloseable {

    /** Moderate, for 2 shared cores: the faults, not the throughput, are under test. */
    static final int RATE = 300;

    private final SharedCluster cluster;
    private final PipelineTestSupport.TestNames names;
    private final Map<String, String> properties;
    private final KafkaTestClient kafka;
    private final OpenSearchProbe search;
    private final ChildApp[] indexers = new ChildApp[2];
    private final int[] launches = new int[2];
    private RunningApp generator;

    private ClusterPipeline(SharedCluster cluster, String name) {
        this.cluster = cluster;
        // not PipelineTestSupport.names(): that class starts the single-node services
        this.names = new PipelineTestSupport.TestNames("it-" + name, "it-" + name + ".dlq", "it-" + name + "-indexer",
                "clickstream-it-" + name);
        this.kafka = new KafkaTestClient(cluster.brokers());
        this.search = new OpenSearchProbe(cluster.managerUrl());
        Map<String, String> props = RunningApp.pipelineProperties(cluster.brokers(), cluster.openSearchUrls(),
                names.topic(), names.dlqTopic(), names.group(), names.indexPrefix());
        props.put("kafka.topic.replication-factor", String.valueOf(Math.min(3, SharedCluster.BROKERS)));
        props.put("opensearch.index.replicas", "1");
        props.put("progress.enabled", "false");
        props.put("indexer.batching-interval-ms", "200");
        props.put("indexer.consumers", "1");
        // a fault is waited out with retries; cap the back-off so the recovery times measure the cluster, not the wait
        props.put("retry.max-delay-ms", "2000");
        this.properties = props;
    }

    /** Starts the generator, then both indexers, and waits until documents arrive. */
    static ClusterPipeline start(SharedCluster cluster, String name) throws Exception {
        ClusterPipeline pipeline = new ClusterPipeline(cluster, name);
        try {
            Map<String, String> generatorProps = new HashMap<>(pipeline.properties);
            generatorProps.put("indexer.enabled", "false");
            generatorProps.put("generator.rate", String.valueOf(RATE));
            generatorProps.put("http.port", String.valueOf(Ports.freePort()));
            pipeline.generator = RunningApp.start(generatorProps); // creates the topics with 3 replicas
            pipeline.indexers[0] = pipeline.launchIndexer(0);
            pipeline.indexers[1] = pipeline.launchIndexer(1);
            for (ChildApp indexer : pipeline.indexers) {
                indexer.awaitRoutesStarted(Duration.ofMinutes(3));
            }
        } catch (Exception | Error e) {
            pipeline.close();
            throw e;
        }
        return pipeline;
    }

    private ChildApp launchIndexer(int i) throws Exception {
        Map<String, String> props = new HashMap<>(properties);
        props.put("generator.enabled", "false");
        props.put("http.port", String.valueOf(Ports.freePort()));
        launches[i]++;
        return ChildApp.start(names.topic() + "-indexer-" + (i + 1) + "-" + launches[i], props);
    }

    ChildApp indexer(int i) {
        return indexers[i];
    }

    /** Launches indexer {@code i} again (after a kill or a stop) and waits until its routes run. */
    void relaunchIndexer(int i) throws Exception {
        indexers[i].close();
        indexers[i] = launchIndexer(i);
        indexers[i].awaitRoutesStarted(Duration.ofMinutes(3));
    }

    PipelineTestSupport.TestNames names() {
        return names;
    }

    KafkaTestClient kafka() {
        return kafka;
    }

    OpenSearchProbe search() {
        return search;
    }

    /**
     * Mid-stream: starts the generator if a reconciliation stopped it, waits until {@code documents} more documents
     * are indexed and the topic and indices are fully replicated ({@link #awaitFullyReplicated()}).
     */
    void awaitStreaming(long documents) throws Exception {
        if (!generator.context().getRouteController().getRouteStatus(GeneratorRoute.ROUTE_ID).isStarted()) {
            generator.context().getRouteController().startRoute(GeneratorRoute.ROUTE_ID);
        }
        long before = Math.max(0, search.count(names.indexPattern()));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> search.count(names.indexPattern()) >= before + documents);
        awaitFullyReplicated();
    }

    /** The leader broker's node id of partition {@code partition} of the event topic. */
    int leaderOf(int partition) throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription topic = admin.describeTopics(List.of(names.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(names.topic());
            return topic.partitions().get(partition).leader().id();
        }
    }

    /** Whether every partition of the event topic has all its replicas in sync again. */
    boolean fullyReplicated() throws Exception {
        try (Admin admin = kafka.admin()) {
            TopicDescription topic = admin.describeTopics(List.of(names.topic())).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(names.topic());
            return topic.partitions().stream().allMatch(p -> p.isr().size() == p.replicas().size());
        }
    }

    /**
     * Waits until every partition of the event topic has all its replicas in sync and the test's indices are green
     * (each shard's replica started): a fault injected before that tests an under-replicated cluster, where a lost
     * node loses the only copy.
     */
    void awaitFullyReplicated() {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> fullyReplicated() && "green".equals(search.get("/_cluster/health/" + names.indexPattern())
                        .path("status").asText()));
    }

    /** Each partition's log end offset now: what was produced up to this moment. */
    Map<Integer, Long> endOffsetsNow() throws Exception {
        try (Admin admin = kafka.admin()) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(names.topic())).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(names.topic()).partitions().stream()
                    .map(p -> new TopicPartition(names.topic(), p.partition())).toList();
            ListOffsetsResult offsets = admin.listOffsets(partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())));
            Map<Integer, Long> ends = new HashMap<>();
            for (TopicPartition partition : partitions) {
                ends.put(partition.partition(), offsets.partitionResult(partition).get(30, TimeUnit.SECONDS).offset());
            }
            return ends;
        }
    }

    /**
     * Waits until the group has committed, on every partition, at least the offsets in {@code mark} (taken when a
     * fault began): what was produced before the fault is indexed and committed. Returns the seconds since
     * {@code sinceNanos}.
     */
    double awaitCommittedPast(Map<Integer, Long> mark, long sinceNanos, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            Map<Integer, Long> committed = kafka.committedByPartition(names.group(), names.topic());
            return mark.entrySet().stream().allMatch(e -> committed.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
        return (System.nanoTime() - sinceNanos) / 1e9;
    }

    long deadLetterRecords() throws Exception {
        return kafka.endOffsets(names.dlqTopic());
    }

    /**
     * Stops the generator, waits until the indexers have committed every record of the topic (so far: a later
     * {@link #awaitStreaming} starts it again), and checks the books:
     * every record indexed or dead-lettered (none is, in these tests: a fault is waited out), every distinct
     * event_id exactly one document, none missing, none extra. Prints the reconciliation.
     */
    Reconciliation stopAndReconcile() throws Exception {
        generator.context().getRouteController().stopRoute(GeneratorRoute.ROUTE_ID);
        long produced = kafka.endOffsets(names.topic());
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> kafka.committed(names.group(), names.topic()) == produced);

        TopicLedger topic = TopicLedger.read(kafka, names.topic());
        Set<TopicLedger.Entry> deadLettered = TopicLedger.deadLettered(kafka, names.dlqTopic(), names.topic());
        Set<String> sent = topic.distinctIdsExcept(deadLettered);
        assertThat(deadLettered).as("good events dead-lettered during a cluster fault").isEmpty();
        long documents = search.count(names.indexPattern());
        assertThat(search.ids(names.indexPattern())).as("document ids = distinct event ids sent (0 lost, 0 extra)")
                .isEqualTo(sent);
        assertThat(documents).as("documents (one per distinct event id: 0 duplicates)").isEqualTo(sent.size());
        try (Reconciler reconciler = Reconciler.create(generator.context())) {
            Reconciliation books = reconciler.reconcile(Reconciler.Scope.of(Settings.of(generator.context())),
                    OptionalLong.empty());
            System.out.println(books.table());
            assertThat(books.produced()).isEqualTo(produced);
            assertThat(books.deadLettered()).isZero();
            assertThat(books.notYetConsumed()).isZero();
            assertThat(books.deletedUnread()).isEmpty();
            // a record the producer wrote twice would show here as a difference; acks=all + idempotence: none
            assertThat(books.difference()).as("produced - indexed - dead-lettered").isZero();
            return books;
        }
    }

    @Override
    public void close() throws Exception {
        for (ChildApp indexer : indexers) {
            if (indexer != null) {
                indexer.close();
            }
        }
        if (generator != null) {
            generator.close();
        }
    }
}
