package clickstream.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.model.DeadLetterHeaders;

/**
 * What a topic holds, read back with the test Kafka client: every record's partition, offset and {@code event_id}
 * (null when the record is not a JSON object with one). The tests compare it with the documents and the committed
 * offsets per partition, where a sum over partitions or a count of documents would hide one partition's gap behind
 * another's surplus, and a count of ids inside one index cannot see a duplicate at all.
 */
final class TopicLedger {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One record of the topic. */
    record Entry(int partition, long offset, String eventId) {
    }

    private final Map<Integer, List<Entry>> byPartition;

    private TopicLedger(Map<Integer, List<Entry>> byPartition) {
        this.byPartition = byPartition;
    }

    /** Reads the whole topic (every record up to its end offsets at the time of the call). */
    static TopicLedger read(KafkaTestClient kafka, String topic) throws Exception {
        long end = kafka.endOffsets(topic);
        List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, (int) end, Duration.ofMinutes(2));
        if (records.size() != end) {
            throw new IllegalStateException("read " + records.size() + " of the " + end + " records of " + topic);
        }
        Map<Integer, List<Entry>> byPartition = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            byPartition.computeIfAbsent(record.partition(), p -> new ArrayList<>())
                    .add(new Entry(record.partition(), record.offset(), eventId(record.value())));
        }
        byPartition.values().forEach(list -> list.sort((a, b) -> Long.compare(a.offset(), b.offset())));
        return new TopicLedger(byPartition);
    }

    /** The (partition, offset) of every record the dead-letter topic says it came from {@code sourceTopic}. */
    static Set<Entry> deadLettered(KafkaTestClient kafka, String dlqTopic, String sourceTopic) {
        Set<Entry> sources = new HashSet<>();
        for (ConsumerRecord<String, byte[]> dead : kafka.readAll(dlqTopic, Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            if (sourceTopic.equals(header(dead, DeadLetterHeaders.SOURCE_TOPIC))) {
                sources.add(new Entry(Integer.parseInt(header(dead, DeadLetterHeaders.SOURCE_PARTITION)),
                        Long.parseLong(header(dead, DeadLetterHeaders.SOURCE_OFFSET)), null));
            }
        }
        return sources;
    }

    int size() {
        return byPartition.values().stream().mapToInt(List::size).sum();
    }

    /** The distinct event ids of the records not in {@code deadLettered} (compared by partition and offset). */
    Set<String> distinctIdsExcept(Set<Entry> deadLettered) {
        Set<String> ids = new HashSet<>();
        for (List<Entry> entries : byPartition.values()) {
            for (Entry entry : entries) {
                if (!deadLettered.contains(new Entry(entry.partition(), entry.offset(), null))) {
                    if (entry.eventId() == null) {
                        throw new IllegalStateException("record " + entry + " has no event_id and was not dead-lettered");
                    }
                    ids.add(entry.eventId());
                }
            }
        }
        return ids;
    }

    /**
     * The records below the committed offset of their partition whose event id is not in {@code indexed} (and that
     * were not dead-lettered): each one is a record the group has committed past without indexing it. Empty when
     * every partition's committed offset is covered.
     */
    List<Entry> committedButNotIndexed(Map<Integer, Long> committed, Set<String> indexed, Set<Entry> deadLettered) {
        List<Entry> missing = new ArrayList<>();
        byPartition.forEach((partition, entries) -> {
            long below = committed.getOrDefault(partition, 0L);
            for (Entry entry : entries) {
                if (entry.offset() < below && !indexed.contains(entry.eventId())
                        && !deadLettered.contains(new Entry(entry.partition(), entry.offset(), null))) {
                    missing.add(entry);
                }
            }
        });
        return missing;
    }

    /**
     * Per partition, how many records at or above the committed offset are indexed already: a batch that reached
     * OpenSearch but whose offsets were not committed (the process died, or is stopping, between the two).
     */
    Map<Integer, Long> indexedButNotCommitted(Map<Integer, Long> committed, Set<String> indexed) {
        Map<Integer, Long> ahead = new TreeMap<>();
        byPartition.forEach((partition, entries) -> {
            long from = committed.getOrDefault(partition, 0L);
            long n = entries.stream().filter(e -> e.offset() >= from && indexed.contains(e.eventId())).count();
            if (n > 0) {
                ahead.put(partition, n);
            }
        });
        return ahead;
    }

    private static String eventId(byte[] value) {
        try {
            JsonNode id = value == null ? null : JSON.readTree(value).get("event_id");
            return id != null && id.isTextual() ? id.asText() : null;
        } catch (IOException | RuntimeException e) {
            return null; // not JSON: a malformed record, dead-lettered by the indexer
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }
}
