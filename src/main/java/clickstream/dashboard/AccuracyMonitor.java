package clickstream.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.connect.OpenSearchConnection;
import clickstream.model.DeadLetterHeaders;
import clickstream.model.RecordHeaders;
import clickstream.model.IndexNames;
import clickstream.model.TruthMinute;

/**
 * The accuracy panel ({@code /api/accuracy}): per minute of the last {@link #WINDOW}, what the generators say they
 * sent (their ground truth, {@code generator.truth-topic}) against what the pipeline made of it: documents indexed
 * with a timestamp in that minute plus records dead-lettered from it. A minute balances when
 * {@code indexed + dead-lettered = sent - late + late-in}: a chaos "late" record is indexed into the earlier minute
 * its truth names, and a chaos duplicate is one record more that is refused as already indexed (neither a document
 * nor a dead letter).
 *
 * <p>How each side is counted:
 * <ul>
 *   <li>sent: the sum of every truth record of the minute (all runs);</li>
 *   <li>indexed: a 1-minute date histogram over {@code <prefix>-*} without {@code <prefix>-sessions*};</li>
 *   <li>dead-lettered: the dead letters of the event topic, each source record (partition, offset) once, in the minute
 *       of {@code dlq.source.timestamp}: the source record's Kafka timestamp, which the generator sets to its event's
 *       timestamp, so even a record too broken to read falls in the minute its truth counted it in. A replayed
 *       record's dead letter ({@code clickstream.replay.count}) repeats an earlier one and is left out.</li>
 * </ul>
 *
 * <p>Cheap for the page: nothing is read until the page first asks; then {@link #sample()} (the
 * {@code accuracy-sampler} route, every {@code dashboard.sample-interval}) reads only what is new on the two topics
 * and runs one aggregation, and a request answers from the last sample. It stops sampling when nobody has asked
 * for {@link #IDLE_AFTER}. Only minutes with a truth record are listed: an open minute has none yet.
 */
public final class AccuracyMonitor extends ServiceSupport {

    static final Duration WINDOW = Duration.ofMinutes(30);
    static final Duration IDLE_AFTER = Duration.ofMinutes(5);
    /** A minute is settled this long after its end: its events have had time to be indexed and searchable. */
    static final Duration SETTLE = Duration.ofSeconds(20);
    private static final long MINUTE = 60_000L;
    private static final Logger LOG = LoggerFactory.getLogger(AccuracyMonitor.class);
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final String SEARCH_OPTIONS = "?ignore_unavailable=true&allow_no_indices=true";

    private final Properties kafka;
    private final String eventTopic;
    private final String dlqTopic;
    private final String truthTopic;
    private final OpenSearchConnection openSearch;
    private final String indexPattern;
    private final Clock clock;
    private final Book book = new Book();

    private KafkaConsumer<byte[], byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private volatile long lastAskedMillis = Long.MIN_VALUE;
    private volatile ObjectNode snapshot;
    private boolean stopped;

    public AccuracyMonitor(Properties kafka, String eventTopic, String dlqTopic, String truthTopic,
            OpenSearchConnection openSearch, String indexPrefix, Clock clock) {
        this.kafka = kafka;
        this.eventTopic = eventTopic;
        this.dlqTopic = dlqTopic;
        this.truthTopic = truthTopic;
        this.openSearch = openSearch;
        // the daily event indices, not the sessions index (documents of another kind, with timestamps of their own)
        this.indexPattern = IndexNames.eventsPattern(indexPrefix);
        this.clock = clock;
        this.snapshot = pending("waiting for the first sample");
    }

    /** The HTTP answer: the last sample (the first request starts the sampling). */
    public ObjectNode answer(@org.apache.camel.Header(org.apache.camel.Exchange.HTTP_QUERY) String query) {
        QueryParameters.parse(query, "/api/accuracy", Set.of());
        lastAskedMillis = clock.millis();
        return snapshot;
    }

    /** Route step, every {@code dashboard.sample-interval}: reads what is new and recomputes, while the page is open. */
    public synchronized void sample() {
        long now = clock.millis();
        if (stopped || lastAskedMillis == Long.MIN_VALUE || now - lastAskedMillis > IDLE_AFTER.toMillis()) {
            return;
        }
        long from = floorMinute(now - WINDOW.toMillis());
        try {
            readTopics(now, from);
            book.prune(from);
            Map<Long, Long> indexed = indexedPerMinute(from, now);
            snapshot = book.snapshot(indexed, from, now);
        } catch (IOException | KafkaException | IllegalStateException e) {
            LOG.debug("accuracy sample failed", e);
            ObjectNode failed = snapshot.deepCopy();
            failed.put("error", "could not sample: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            snapshot = failed;
            if (e instanceof KafkaException) {
                closeConsumer(); // reconnect and re-read next time
            }
        }
    }

    private void readTopics(long now, long from) {
        if (consumer == null) {
            Properties props = new Properties();
            props.putAll(kafka);
            props.put(ConsumerConfig.CLIENT_ID_CONFIG, "clickstream-accuracy");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
            props.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: assigned partitions, nothing committed
            consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            assigned.clear();
            book.clear();
        }
        assignNew(now, from);
        if (assigned.isEmpty()) {
            return;
        }
        // what is new since the last sample; bounded, so a large backlog is read over several samples
        for (int polls = 0; polls < 20; polls++) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(polls == 0 ? 200 : 50));
            if (records.isEmpty()) {
                break;
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                if (record.topic().equals(truthTopic)) {
                    TruthMinute.parse(record.value()).ifPresent(book::truth);
                } else {
                    deadLetter(record);
                }
            }
        }
    }

    /** Assigns partitions not yet assigned (a topic created after the start): truth from its start, dead letters by time. */
    private void assignNew(long now, long from) {
        List<TopicPartition> added = new ArrayList<>();
        for (String topic : List.of(truthTopic, dlqTopic)) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo info : partitions) {
                TopicPartition partition = new TopicPartition(topic, info.partition());
                if (!assigned.contains(partition)) {
                    added.add(partition);
                }
            }
        }
        if (added.isEmpty()) {
            return;
        }
        assigned.addAll(added);
        consumer.assign(assigned);
        Map<TopicPartition, Long> since = new HashMap<>();
        for (TopicPartition partition : added) {
            if (partition.topic().equals(truthTopic)) {
                consumer.seekToBeginning(List.of(partition)); // a record per minute per generator: small
            } else {
                // a dead letter's own timestamp is when it was written, never before its source record's
                since.put(partition, from);
            }
        }
        if (!since.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(since, Duration.ofSeconds(10));
            offsets.forEach((partition, offset) -> {
                if (offset == null) {
                    consumer.seekToEnd(List.of(partition));
                } else {
                    consumer.seek(partition, offset.offset());
                }
            });
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record) {
        String source = header(record, DeadLetterHeaders.SOURCE_TOPIC);
        if (!eventTopic.equals(source) || record.headers().lastHeader(RecordHeaders.REPLAY_COUNT) != null) {
            return;
        }
        String timestamp = header(record, DeadLetterHeaders.SOURCE_TIMESTAMP);
        long millis;
        try {
            millis = timestamp == null ? record.timestamp() : Instant.parse(timestamp).toEpochMilli();
        } catch (DateTimeParseException e) {
            millis = record.timestamp();
        }
        String kind = header(record, RecordHeaders.CHAOS);
        book.deadLetter(floorMinute(millis), header(record, DeadLetterHeaders.SOURCE_PARTITION) + "@"
                + header(record, DeadLetterHeaders.SOURCE_OFFSET), kind != null && CODE.matcher(kind).matches() ? kind : null);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** Documents per minute of their timestamp, from {@code from} to now. */
    private Map<Long, Long> indexedPerMinute(long from, long now) throws IOException {
        JsonNode answer = DashboardQueries.JSON.readTree(openSearch.perform("POST",
                "/" + indexPattern + "/_search" + SEARCH_OPTIONS, indexedQuery(from, now).toString()));
        return indexedCounts(answer);
    }

    static ObjectNode indexedQuery(long from, long now) {
        ObjectNode query = DashboardQueries.JSON.createObjectNode();
        query.put("size", 0);
        query.putObject("query").putObject("range").putObject("timestamp").put("gte", from).put("lte", now)
                .put("format", "epoch_millis");
        query.putObject("aggs").putObject("minutes").putObject("date_histogram").put("field", "timestamp")
                .put("fixed_interval", "1m").put("min_doc_count", 1);
        return query;
    }

    static Map<Long, Long> indexedCounts(JsonNode answer) {
        if (answer.path("_shards").path("failed").asInt(0) > 0) {
            throw new IllegalStateException("OpenSearch could not search every shard");
        }
        Map<Long, Long> counts = new TreeMap<>();
        for (JsonNode bucket : answer.path("aggregations").path("minutes").path("buckets")) {
            counts.put(bucket.path("key").asLong(), bucket.path("doc_count").asLong());
        }
        return counts;
    }

    private static ObjectNode pending(String why) {
        ObjectNode node = DashboardQueries.JSON.createObjectNode();
        node.put("windowMinutes", WINDOW.toMinutes());
        node.putArray("minutes");
        node.put("pending", why);
        return node;
    }

    static long floorMinute(long millis) {
        return Math.floorDiv(millis, MINUTE) * MINUTE;
    }

    @Override
    protected synchronized void doStop() {
        stopped = true;
        closeConsumer();
    }

    private void closeConsumer() {
        if (consumer != null) {
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                LOG.debug("closing the accuracy consumer", e);
            }
            consumer = null;
        }
    }

    /**
     * The books of the window: truth and dead letters per minute, and the balance against the indexed counts. Pure
     * bookkeeping, tested without Kafka or OpenSearch.
     */
    static final class Book {

        private static final class Sent {
            long events;
            long records;
            long duplicates;
            long late;
            final Set<String> runs = new HashSet<>();
            final Map<String, Long> chaos = new TreeMap<>();
        }

        private static final class Dead {
            final Set<String> sources = new HashSet<>();
            final Map<String, Long> chaos = new TreeMap<>();
        }

        private final TreeMap<Long, Sent> sent = new TreeMap<>();
        private final TreeMap<Long, Long> lateIn = new TreeMap<>();
        private final TreeMap<Long, Dead> dead = new TreeMap<>();

        void clear() {
            sent.clear();
            lateIn.clear();
            dead.clear();
        }

        void truth(TruthMinute minute) {
            Sent s = sent.computeIfAbsent(minute.minute().toEpochMilli(), m -> new Sent());
            s.events += minute.events();
            s.records += minute.records();
            s.duplicates += minute.chaos(TruthMinute.DUPLICATE);
            s.late += minute.chaos(TruthMinute.LATE);
            s.runs.add(minute.runId());
            minute.chaos().forEach((kind, n) -> s.chaos.merge(kind, n, Long::sum));
            minute.lateTo().forEach((at, n) -> lateIn.merge(at.toEpochMilli(), n, Long::sum));
        }

        /** @param kind the source record's chaos kind, null when it was not a chaos record */
        void deadLetter(long minute, String source, String kind) {
            Dead d = dead.computeIfAbsent(minute, m -> new Dead());
            if (d.sources.add(source) && kind != null) {
                d.chaos.merge(kind, 1L, Long::sum);
            }
        }

        void prune(long from) {
            sent.headMap(from).clear();
            lateIn.headMap(from).clear();
            dead.headMap(from).clear();
        }

        ObjectNode snapshot(Map<Long, Long> indexed, long from, long now) {
            ObjectNode node = DashboardQueries.JSON.createObjectNode();
            node.put("windowMinutes", WINDOW.toMinutes());
            node.put("updatedAt", now);
            ArrayNode minutes = node.putArray("minutes");
            long totalSent = 0;
            long totalExpected = 0;
            long totalIndexed = 0;
            long totalDead = 0;
            long missing = 0;
            long extra = 0;
            Set<String> runs = new HashSet<>();
            Map<String, Long> chaos = new TreeMap<>();
            Map<String, Long> deadChaos = new TreeMap<>();
            for (Map.Entry<Long, Sent> entry : sent.tailMap(from).entrySet()) {
                long minute = entry.getKey();
                Sent s = entry.getValue();
                long in = lateIn.getOrDefault(minute, 0L);
                long expected = s.events - s.late + in;
                long found = indexed.getOrDefault(minute, 0L);
                Dead d = dead.get(minute);
                long deadLettered = d == null ? 0 : d.sources.size();
                long difference = expected - found - deadLettered;
                boolean settled = minute + MINUTE + SETTLE.toMillis() <= now;
                ObjectNode row = minutes.addObject();
                row.put("minute", minute).put("time", Instant.ofEpochMilli(minute).toString());
                row.put("sent", s.events).put("records", s.records).put("duplicates", s.duplicates)
                        .put("lateOut", s.late).put("lateIn", in).put("expected", expected);
                row.put("indexed", found).put("deadLettered", deadLettered).put("missing", difference)
                        .put("settled", settled).put("runs", s.runs.size());
                ObjectNode rowChaos = row.putObject("chaos");
                s.chaos.forEach(rowChaos::put);
                ObjectNode rowDead = row.putObject("deadLetteredChaos");
                if (d != null) {
                    d.chaos.forEach(rowDead::put);
                    d.chaos.forEach((k, n) -> deadChaos.merge(k, n, Long::sum));
                }
                s.chaos.forEach((k, n) -> chaos.merge(k, n, Long::sum));
                runs.addAll(s.runs);
                totalSent += s.events;
                totalExpected += expected;
                totalIndexed += found;
                totalDead += deadLettered;
                if (settled) {
                    missing += Math.max(0, difference);
                    extra += Math.max(0, -difference);
                }
            }
            // documents of minutes no truth speaks for: another producer, or a run stopped without its last minute
            long untracked = 0;
            long open = floorMinute(now) - MINUTE; // the minute that just ended and the current one have no truth yet
            for (Map.Entry<Long, Long> entry : indexed.entrySet()) {
                if (entry.getKey() >= from && entry.getKey() < open && !sent.containsKey(entry.getKey())) {
                    untracked += entry.getValue();
                }
            }
            ObjectNode totals = node.putObject("totals");
            totals.put("sent", totalSent).put("expected", totalExpected).put("indexed", totalIndexed)
                    .put("deadLettered", totalDead).put("missing", missing).put("extra", extra)
                    .put("untracked", untracked).put("runs", runs.size());
            totals.put("accountedPercent", totalExpected == 0 ? 100.0
                    : Math.round((totalIndexed + totalDead) * 1000.0 / totalExpected) / 10.0);
            ObjectNode totalChaos = totals.putObject("chaos");
            chaos.forEach(totalChaos::put);
            ObjectNode totalDeadChaos = totals.putObject("deadLetteredChaos");
            deadChaos.forEach(totalDeadChaos::put);
            if (sent.tailMap(from).isEmpty()) {
                node.put("pending", "no ground truth yet: a generator publishes each minute when it closes");
            }
            return node;
        }
    }
}
