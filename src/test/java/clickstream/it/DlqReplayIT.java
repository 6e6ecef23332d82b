package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.DeadLetterHeaders;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.replay.DeadLetterReplay;

/**
 * Dead letters as the indexer really writes them, and their replay: a dead letter carries its source record's key
 * bytes, value and own headers, its timestamp as dlq.source.timestamp (its own is when it was dead-lettered); the replay puts a record dead-lettered from the event topic back on it
 * (same key bytes, so the same partition; same headers, without dlq.*; replay count one higher), where a fixed cause
 * gets it indexed and a lasting one gets it dead-lettered again, until dlq.replay.max-replays; a dead letter of
 * another topic on the same dead-letter topic is never replayed.
 */
class DlqReplayIT extends PipelineTestSupport {

    private static final byte[] NOT_UTF8_KEY = {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00, 0x7F};
    private static final byte[] BINARY_HEADER = {0, (byte) 0xFE, 10, 13};
    private static final byte[] MALFORMED = "{\"event_id\": not json".getBytes(StandardCharsets.UTF_8);
    private static final byte[] FOREIGN = "{\"order\": 1}".getBytes(StandardCharsets.UTF_8);

    @Test
    void deadLettersKeepTheRecordAndAreReplayedUntilTheMaximum() throws Exception {
        TestNames names = names("dlq-replay");
        String replayGroup = names.group() + "-replay";
        Instant testStart = Instant.now();
        long sourceTimestamp = testStart.minus(Duration.ofHours(1)).toEpochMilli(); // set by "the producer"

        ClickEvent big = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(5), Clock.systemUTC()).next(50)
                .stream().filter(e -> ClickEventJson.toBytes(e).length > 256).findFirst().orElseThrow();
        ProducerRecord<byte[], byte[]> malformed = new ProducerRecord<>(names.topic(), null, sourceTimestamp, NOT_UTF8_KEY,
                MALFORMED, headers("trace-id", "t-malformed".getBytes(StandardCharsets.UTF_8), "binary", BINARY_HEADER));
        ProducerRecord<byte[], byte[]> tooLarge = new ProducerRecord<>(names.topic(), null, sourceTimestamp,
                big.userId().getBytes(StandardCharsets.UTF_8), ClickEventJson.toBytes(big),
                headers("trace-id", "t-big".getBytes(StandardCharsets.UTF_8)));
        // another pipeline's dead letter on the same dead-letter topic
        ProducerRecord<byte[], byte[]> foreign = new ProducerRecord<>(names.dlqTopic(), null, null,
                "order-1".getBytes(StandardCharsets.UTF_8), FOREIGN,
                headers(DeadLetterHeaders.SOURCE_TOPIC, "it-orders".getBytes(StandardCharsets.UTF_8),
                        DeadLetterHeaders.REASON, "invalid_event".getBytes(StandardCharsets.UTF_8)));

        // 1. the indexer dead-letters both: one can never be indexed, one is too large for this setting
        Map<String, String> first = properties(names);
        first.put("generator.enabled", "false");
        first.put("indexer.max-event-bytes", "256");
        try (RunningApp app = startApp(first)) {
            kafka.sendRaw(List.of(malformed, tooLarge, foreign));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == 2);
        }
        assertThat(kafka.endOffsets(names.dlqTopic())).isEqualTo(3);

        // 2. the cause of too_large fixed (default indexer.max-event-bytes), replay on, at most 2 replays a record
        Map<String, String> second = properties(names);
        second.put("generator.enabled", "false");
        second.put("dlq.replay.enabled", "true");
        second.put("dlq.replay.max-replays", "2");
        try (RunningApp app = startApp(second)) {
            // malformed: dead-lettered, replayed (1), dead-lettered, replayed (2), dead-lettered, left; big: replayed, indexed
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() ->
                    kafka.endOffsets(names.topic()) == 5 && kafka.committed(names.group(), names.topic()) == 5
                            && kafka.endOffsets(names.dlqTopic()) == 5 && kafka.committed(replayGroup, names.dlqTopic()) == 5);
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) == 1);
            assertThat(search.ids(names.indexPattern())).isEqualTo(Set.of(big.eventId()));
        }

        List<ConsumerRecord<byte[], byte[]>> events = kafka.readAllRaw(names.topic(), 5, Duration.ofSeconds(30));
        List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.readAllRaw(names.dlqTopic(), 5, Duration.ofSeconds(30));
        assertThat(events).hasSize(5);
        assertThat(deadLetters).hasSize(5);

        // every dead letter of the event topic is its source record: key bytes, value, own headers; the source
        // timestamp as a header, the dead letter's own is the time it was written (retention counts from then)
        List<ConsumerRecord<byte[], byte[]>> ours = deadLetters.stream()
                .filter(r -> Arrays.equals(value(r, DeadLetterHeaders.SOURCE_TOPIC), bytes(names.topic()))).toList();
        assertThat(ours).hasSize(4);
        for (ConsumerRecord<byte[], byte[]> deadLetter : ours) {
            ConsumerRecord<byte[], byte[]> source = events.stream()
                    .filter(e -> Integer.toString(e.partition()).equals(text(deadLetter, DeadLetterHeaders.SOURCE_PARTITION))
                            && Long.toString(e.offset()).equals(text(deadLetter, DeadLetterHeaders.SOURCE_OFFSET)))
                    .findFirst().orElseThrow();
            assertThat(deadLetter.key()).isEqualTo(source.key());
            assertThat(deadLetter.value()).isEqualTo(source.value());
            assertThat(deadLetter.timestamp()).isGreaterThanOrEqualTo(testStart.toEpochMilli());
            assertThat(text(deadLetter, DeadLetterHeaders.SOURCE_TIMESTAMP))
                    .isEqualTo(Instant.ofEpochMilli(source.timestamp()).toString());
            assertThat(ownHeaders(deadLetter)).as("headers of the dead letter of %d@%d", source.partition(), source.offset())
                    .isEqualTo(ownHeaders(source));
        }

        // the malformed record: first as produced, then replayed twice, each dead-lettered with the count it had
        List<ConsumerRecord<byte[], byte[]>> malformedCopies = events.stream().filter(e -> Arrays.equals(e.value(), MALFORMED)).toList();
        assertThat(malformedCopies).hasSize(3);
        assertThat(malformedCopies).extracting(ConsumerRecord::partition).as("same key bytes, same partition")
                .containsOnly(malformedCopies.get(0).partition());
        for (ConsumerRecord<byte[], byte[]> copy : malformedCopies) {
            assertThat(copy.key()).isEqualTo(NOT_UTF8_KEY);
            assertThat(text(copy, "trace-id")).isEqualTo("t-malformed");
            assertThat(value(copy, "binary")).isEqualTo(BINARY_HEADER);
            assertThat(copy.headers()).extracting(Header::key).noneMatch(k -> k.startsWith("dlq."));
        }
        assertThat(malformedCopies).extracting(r -> text(r, DeadLetterReplay.REPLAY_COUNT))
                .containsExactlyInAnyOrder(null, "1", "2");
        // a replayed record is new on the event topic: a timestamp of its own, not the original one
        assertThat(malformedCopies).filteredOn(r -> text(r, DeadLetterReplay.REPLAY_COUNT) != null)
                .allMatch(r -> r.timestamp() >= testStart.toEpochMilli());
        List<ConsumerRecord<byte[], byte[]>> malformedDeadLetters = ours.stream()
                .filter(r -> Arrays.equals(r.value(), MALFORMED)).toList();
        assertThat(malformedDeadLetters).extracting(r -> text(r, DeadLetterReplay.REPLAY_COUNT))
                .containsExactlyInAnyOrder(null, "1", "2");
        assertThat(malformedDeadLetters).extracting(r -> text(r, DeadLetterHeaders.REASON)).containsOnly("malformed_json");
        assertThat(malformedDeadLetters).filteredOn(r -> text(r, DeadLetterReplay.REPLAY_COUNT) == null)
                .singleElement().satisfies(r -> {
                    // the first one's source is the record as produced: an hour old, kept as a header only
                    assertThat(text(r, DeadLetterHeaders.SOURCE_TIMESTAMP))
                            .isEqualTo(Instant.ofEpochMilli(sourceTimestamp).toString());
                    assertThat(r.timestamp()).isGreaterThanOrEqualTo(testStart.toEpochMilli());
                });

        // the too-large record: dead-lettered once, replayed once with its headers, indexed
        List<ConsumerRecord<byte[], byte[]>> bigCopies = events.stream()
                .filter(e -> Arrays.equals(e.value(), tooLarge.value())).toList();
        assertThat(bigCopies).hasSize(2);
        assertThat(bigCopies).extracting(r -> text(r, DeadLetterReplay.REPLAY_COUNT)).containsExactlyInAnyOrder(null, "1");
        assertThat(bigCopies).extracting(r -> text(r, "trace-id")).containsOnly("t-big");
        assertThat(ours).filteredOn(r -> Arrays.equals(r.value(), tooLarge.value()))
                .singleElement().satisfies(r -> assertThat(text(r, DeadLetterHeaders.REASON)).isEqualTo("too_large"));

        // the other pipeline's dead letter never reached the event topic
        assertThat(events).noneMatch(e -> Arrays.equals(e.value(), FOREIGN));
    }

    private static RecordHeaders headers(Object... namesAndValues) {
        RecordHeaders headers = new RecordHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add((String) namesAndValues[i], (byte[]) namesAndValues[i + 1]);
        }
        return headers;
    }

    /** A record's headers other than dlq.*, name -> the value bytes as Latin-1 text (lossless, for comparing). */
    private static Map<String, String> ownHeaders(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            if (!header.key().startsWith("dlq.")) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.ISO_8859_1));
            }
        }
        return headers;
    }

    private static byte[] value(ConsumerRecord<byte[], byte[]> record, String header) {
        Header last = record.headers().lastHeader(header);
        return last == null ? null : last.value();
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        byte[] value = value(record, header);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
