package clickstream.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.config.Settings;
import clickstream.config.SettingsCatalog;
import clickstream.model.RecordHeaders;
import clickstream.model.DeadLetterHeaders;
import clickstream.model.IndexNames;
import clickstream.model.TruthMinute;
import clickstream.connect.KafkaClientConfig;
import clickstream.connect.OpenSearchConnection;

/**
 * Counts what became of a topic's records, from the outside: Kafka offsets for what was produced and dead-lettered,
 * an exact OpenSearch count for what was indexed. Used by {@link ReconcileMain} and by the integration tests.
 *
 * <p>Caveats: "produced" is what the topic holds now, so once retention has deleted old records it is smaller than
 * everything ever indexed, and the difference goes negative; compare before retention starts (or on a fresh topic).
 * Records retention deleted before the indexer's group read them are in no figure; they are reported apart, by
 * partition, from the group's committed offsets and the log start offsets ({@link DeletedUnread}).
 * The figures are a snapshot: stop the producers and let the indexer catch up (lag 0) for an exact balance. Records
 * are counted by offsets, which is exact for the pipeline's idempotent, non-transactional producers (transaction
 * markers would take offsets too). Dead-lettered records are counted by where they came from: the distinct
 * ({@code dlq.source.partition}, {@code dlq.source.offset}) of the records whose {@code dlq.source.topic} is this
 * topic, so a record dead-lettered twice (redelivered after a crash between the dead-letter write and the commit)
 * counts once, and a dead-letter topic shared with other topics works too. That reads the dead-letter topic, which
 * is normally small.
 */
public final class Reconciler implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** What to compare: the event topic, its dead-letter topic, the index prefix and the indexer's consumer group. */
    public record Scope(String topic, String dlqTopic, String indexPrefix, String consumerGroup) {

        /** The scope the pipeline with these settings writes to. */
        public static Scope of(Settings settings) {
            return new Scope(settings.get(SettingsCatalog.Kafka.TOPIC), settings.get(SettingsCatalog.Kafka.DLQ_TOPIC),
                    IndexNames.validPrefix(settings.get(SettingsCatalog.OpenSearch.INDEX_PREFIX)),
                    settings.get(SettingsCatalog.Kafka.GROUP_ID));
        }
    }

    private final Properties kafka;
    private final OpenSearchConnection openSearch;
    private final boolean ownsOpenSearch;

    /**
     * @param kafka      Kafka client properties (bootstrap servers, security), e.g. {@link KafkaClientConfig#admin}
     * @param openSearch the connection to count documents through; not closed by {@link #close()}
     */
    public Reconciler(Properties kafka, OpenSearchConnection openSearch) {
        this(kafka, openSearch, false);
    }

    private Reconciler(Properties kafka, OpenSearchConnection openSearch, boolean ownsOpenSearch) {
        this.kafka = kafka;
        this.openSearch = openSearch;
        this.ownsOpenSearch = ownsOpenSearch;
    }

    /** A reconciler reaching Kafka and OpenSearch as the pipeline with this context's properties does. */
    public static Reconciler create(CamelContext context) {
        return new Reconciler(KafkaClientConfig.admin(context), OpenSearchConnection.create(Settings.of(context)), true);
    }

    /** The figures for one scope; {@code duplicatesInjected} is empty when not known. */
    public Reconciliation reconcile(Scope scope, OptionalLong duplicatesInjected) {
        return reconcile(scope, duplicatesInjected, Optional.empty());
    }

    /**
     * The figures for one scope, and, when {@code truthTopic} is given and exists, what the generators say they sent
     * ({@link SentPerTruth}) to compare with what was found.
     */
    public Reconciliation reconcile(Scope scope, OptionalLong duplicatesInjected, Optional<String> truthTopic) {
        try (Admin admin = Admin.create(kafka)) {
            long produced = recordsIn(admin, scope.topic());
            GroupPosition group = groupPosition(admin, scope.consumerGroup(), scope.topic());
            DeadLetters deadLetters = deadLetters(admin, scope.dlqTopic(), scope.topic());
            Optional<SentPerTruth> truth = truthTopic.flatMap(topic -> sentPerTruth(admin, topic));
            long indexed = documentsIn(scope.indexPrefix());
            return new Reconciliation(scope, produced, indexed, deadLetters.distinct(), deadLetters.records(),
                    duplicatesInjected, group.lag(), group.deletedUnread(), truth);
        }
    }

    /**
     * Adds up every record of the ground-truth topic ({@code generator.truth-topic}); empty when the topic does not
     * exist (no generator of this version ran). A record that is not a truth record (outside input) is counted apart.
     */
    Optional<SentPerTruth> sentPerTruth(Admin admin, String truthTopic) {
        try {
            partitions(admin, truthTopic);
        } catch (ReconciliationException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Optional.empty();
            }
            throw e;
        }
        SentPerTruth.Sum sum = new SentPerTruth.Sum(truthTopic);
        scan(admin, truthTopic, record -> sum.add(TruthMinute.parse(record.value())));
        return Optional.of(sum.total());
    }

    /** Dead-letter records from one source topic: all of them, and the distinct source records among them. */
    record DeadLetters(long records, long distinct) {
    }

    DeadLetters deadLetters(Admin admin, String dlqTopic, String sourceTopic) {
        byte[] source = sourceTopic.getBytes(StandardCharsets.UTF_8);
        Set<String> origins = new HashSet<>();
        long[] records = {0};
        scan(admin, dlqTopic, record -> {
            Header topic = record.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC);
            if (topic == null || !Arrays.equals(topic.value(), source)) {
                return;
            }
            records[0]++;
            origins.add(text(record.headers().lastHeader(DeadLetterHeaders.SOURCE_PARTITION)) + "@"
                    + text(record.headers().lastHeader(DeadLetterHeaders.SOURCE_OFFSET)));
        });
        return new DeadLetters(records[0], origins.size());
    }

    private static String text(Header header) {
        return header == null ? "?" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Records of the topic carrying the chaos header {@code clickstream.chaos = duplicate}. Reads the whole topic
     * (headers are all it looks at), so it is opt-in: {@code reconcile.count-duplicates=true}.
     */
    public long countInjectedDuplicates(String topic) {
        byte[] duplicate = RecordHeaders.CHAOS_DUPLICATE.getBytes(StandardCharsets.UTF_8);
        long[] count = {0};
        try (Admin admin = Admin.create(kafka)) {
            scan(admin, topic, record -> {
                Header header = record.headers().lastHeader(RecordHeaders.CHAOS);
                if (header != null && Arrays.equals(header.value(), duplicate)) {
                    count[0]++;
                }
            });
        }
        return count[0];
    }

    /** Reads the topic from its start up to the end offsets it has when the scan starts. */
    private void scan(Admin admin, String topic, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> visitor) {
        Properties props = new Properties();
        props.putAll(kafka);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        Map<TopicPartition, Long> end = offsets(admin, partitions(admin, topic), OffsetSpec.latest());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(end.keySet());
            consumer.seekToBeginning(end.keySet());
            long idleSince = System.nanoTime();
            while (!caughtUp(consumer, end)) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince > TIMEOUT.toNanos()) {
                    throw new ReconciliationException("Reading " + topic + " made no progress for " + TIMEOUT.toSeconds()
                            + " s: check kafka.brokers");
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        visitor.accept(record); // later records were written after the scan started
                    }
                }
            }
        } catch (KafkaException e) {
            throw new ReconciliationException("Could not read " + topic + " (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "): check kafka.brokers", e);
        }
    }

    private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            if (consumer.position(partition.getKey()) < partition.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Records in the topic now: per partition, end offset minus start (earliest retained) offset. */
    long recordsIn(Admin admin, String topic) {
        List<TopicPartition> partitions = partitions(admin, topic);
        Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
        long sum = 0;
        for (TopicPartition partition : partitions) {
            sum += end.get(partition) - start.get(partition);
        }
        return sum;
    }

    /** Where the group stands on the topic: its lag, and the records deleted before it read them. */
    record GroupPosition(long lag, List<DeletedUnread> deletedUnread) {
    }

    /**
     * Lag: end offsets minus the group's committed offsets (a partition it never committed counts from its start,
     * one whose start has passed the committed offset from its start too). Deleted unread: the partitions whose
     * start (log start offset) has passed the committed offset.
     */
    GroupPosition groupPosition(Admin admin, String group, String topic) {
        List<TopicPartition> partitions = partitions(admin, topic);
        Map<TopicPartition, Long> start = offsets(admin, partitions, OffsetSpec.earliest());
        Map<TopicPartition, Long> end = offsets(admin, partitions, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> committed = get(
                admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), "read the offsets of group " + group);
        Map<TopicPartition, Long> committedOffsets = new HashMap<>();
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset != null) {
                committedOffsets.put(partition, offset.offset());
            }
            long position = offset == null ? start.get(partition) : Math.max(offset.offset(), start.get(partition));
            lag += Math.max(0, end.get(partition) - position);
        }
        return new GroupPosition(lag, DeletedUnread.find(committedOffsets, start));
    }

    /**
     * Documents in {@code <prefix>-yyyy.MM.dd}, exactly (the count API, after a refresh). Only names of that form
     * count, so prefix {@code clickstream} does not also count an index such as {@code clickstream-archive-…}.
     */
    public long documentsIn(String indexPrefix) {
        Pattern daily = Pattern.compile(Pattern.quote(indexPrefix) + "-\\d{4}\\.\\d{2}\\.\\d{2}");
        String pattern = indexPrefix + "-*";
        try {
            JsonNode indices = JSON.readTree(openSearch.perform("GET",
                    "/_cat/indices/" + pattern + "?h=index&format=json&expand_wildcards=open", null));
            List<String> names = new ArrayList<>();
            for (JsonNode index : indices) {
                String name = index.path("index").asText();
                if (daily.matcher(name).matches()) {
                    names.add(name);
                }
            }
            if (names.isEmpty()) {
                return 0;
            }
            openSearch.perform("POST", "/" + pattern + "/_refresh?ignore_unavailable=true&allow_no_indices=true", null);
            ObjectNode query = JSON.createObjectNode();
            ArrayNode terms = query.putObject("query").putObject("terms").putArray("_index");
            names.forEach(terms::add);
            JsonNode count = JSON.readTree(openSearch.perform("POST",
                    "/" + pattern + "/_count?ignore_unavailable=true&allow_no_indices=true", query.toString()));
            if (count.path("_shards").path("failed").asInt(0) > 0 || !count.has("count")) {
                throw new ReconciliationException("OpenSearch could not count every shard of " + pattern + ": " + count);
            }
            return count.path("count").asLong();
        } catch (IOException e) {
            throw new ReconciliationException("Could not count the documents of " + pattern + " at " + openSearch.describe()
                    + " (" + e.getClass().getSimpleName() + ": " + e.getMessage() + "): check opensearch.hosts", e);
        }
    }

    private static List<TopicPartition> partitions(Admin admin, String topic) {
        Map<String, TopicDescription> topics = get(admin.describeTopics(List.of(topic)).allTopicNames(), "describe topic " + topic);
        return topics.get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(p, spec));
        Map<TopicPartition, ListOffsetsResultInfo> result = get(admin.listOffsets(request).all(), "read offsets");
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static <T> T get(org.apache.kafka.common.KafkaFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconciliationException("Interrupted while trying to " + what, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new ReconciliationException("Could not " + what + ": the topic does not exist (check kafka.topic,"
                        + " kafka.dlq-topic and kafka.brokers)", cause);
            }
            throw new ReconciliationException("Could not " + what + " (" + cause.getClass().getSimpleName() + ": "
                    + cause.getMessage() + "): check kafka.brokers", cause);
        } catch (TimeoutException e) {
            throw new ReconciliationException("Kafka did not answer within " + TIMEOUT.toSeconds() + " s trying to " + what
                    + ": check kafka.brokers", e);
        }
    }

    @Override
    public void close() {
        if (ownsOpenSearch) {
            openSearch.close();
        }
    }

    /** The figures could not be read; the message says which and what to check. */
    public static class ReconciliationException extends RuntimeException {
        public ReconciliationException(String message) {
            super(message);
        }

        public ReconciliationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
