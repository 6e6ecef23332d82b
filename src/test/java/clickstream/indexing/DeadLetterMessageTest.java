package clickstream.indexing;

import clickstream.model.DeadLetterHeaders;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import clickstream.replay.DeadLetterReplay;

/** What a dead letter carries: the source record's key, value and own headers, the source timestamp as a dlq.* header, and the dlq.* headers. */
class DeadLetterMessageTest {

    private static final Instant NOW = Instant.parse("2026-11-26T05:31:02.123Z");
    private static final byte[] KEY = {(byte) 0xC3, 0x28, (byte) 0xFF, 0x00}; // not UTF-8: must arrive as these bytes
    private static final byte[] BINARY = {0, 1, 2, (byte) 0xFE};

    private final DefaultCamelContext context = new DefaultCamelContext();

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    @Test
    void aDeadLetterKeepsTheSourceRecordAndSaysWhy() throws Exception {
        context.start();
        DeadLetterPublisher publisher = new DeadLetterPublisher(context, "clickstream.dlq", Clock.fixed(NOW, ZoneOffset.UTC),
                new IndexerCondition(Clock.fixed(NOW, ZoneOffset.UTC)));

        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        headers.add("binary", BINARY);
        headers.add(DeadLetterReplay.REPLAY_COUNT, "2".getBytes(StandardCharsets.UTF_8));
        headers.add("dlq.reason", "forged".getBytes(StandardCharsets.UTF_8)); // the publisher's namespace: not copied
        headers.add("dlq.value.truncated", "true".getBytes(StandardCharsets.UTF_8));
        headers.add("kafka.OVERRIDE_TOPIC", "elsewhere".getBytes(StandardCharsets.UTF_8)); // camel-kafka's own: not copied
        headers.add("CamelFileName", "x".getBytes(StandardCharsets.UTF_8));
        headers.add("no-value", null);
        Exchange record = record(headers, 1_700_000_000_123L);
        // what the route put on the record exchange besides the Kafka headers stays behind
        record.getMessage().setHeader("scratch", "not a record header");

        IndexBatch batch = new IndexBatch(List.of(record));
        batch.reject(record, RejectReason.MALFORMED_JSON, "com.fasterxml.jackson.core.JsonParseException", "bad");
        Exchange batchExchange = new DefaultExchange(context);
        batchExchange.setProperty(IndexBatch.PROPERTY, batch);
        List<Exchange> records = firstSend(publisher, batchExchange);

        assertThat(records).hasSize(1);
        Message deadLetter = records.get(0).getMessage();
        assertThat(deadLetter.getBody(byte[].class)).isEqualTo("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(deadLetter.getHeader(KafkaConstants.KEY)).isEqualTo(KEY);
        // the source timestamp is a header only: the producer stamps the dead letter itself (retention counts from then)
        assertThat(deadLetter.getHeaders()).doesNotContainKey(KafkaConstants.OVERRIDE_TIMESTAMP);
        assertThat(deadLetter.getHeaders())
                .containsEntry("trace-id", "t-1".getBytes(StandardCharsets.UTF_8))
                .containsEntry("binary", BINARY)
                .containsEntry(DeadLetterReplay.REPLAY_COUNT, "2".getBytes(StandardCharsets.UTF_8))
                .containsEntry(DeadLetterHeaders.REASON, "malformed_json")
                .containsEntry(DeadLetterHeaders.ERROR_CLASS, "com.fasterxml.jackson.core.JsonParseException")
                .containsEntry(DeadLetterHeaders.ERROR_MESSAGE, "bad")
                .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, "clickstream")
                .containsEntry(DeadLetterHeaders.SOURCE_PARTITION, "4")
                .containsEntry(DeadLetterHeaders.SOURCE_OFFSET, "77")
                .containsEntry(DeadLetterHeaders.SOURCE_TIMESTAMP, "2023-11-14T22:13:20.123Z")
                .containsEntry(DeadLetterHeaders.FAILED_AT, NOW.toString())
                .containsEntry(DeadLetterHeaders.ATTEMPTS, "0")
                .doesNotContainKeys("dlq.value.truncated", "kafka.OVERRIDE_TOPIC", "CamelFileName", "no-value", "scratch",
                        KafkaConstants.HEADERS, KafkaConstants.TOPIC, KafkaConstants.MANUAL_COMMIT);
    }

    @Test
    void aRecordWithoutHeadersOrTimestampStillGetsTheDeadLetterHeaders() throws Exception {
        context.start();
        DeadLetterPublisher publisher = new DeadLetterPublisher(context, "clickstream.dlq", Clock.fixed(NOW, ZoneOffset.UTC),
                new IndexerCondition(Clock.fixed(NOW, ZoneOffset.UTC)));
        Exchange record = record(null, -1); // -1: a record without a timestamp (old message format)
        record.getMessage().removeHeader(KafkaConstants.KEY);
        IndexBatch batch = new IndexBatch(List.of(record));
        batch.reject(record, RejectReason.TOO_LARGE, "too_large", "20000 bytes");
        Exchange batchExchange = new DefaultExchange(context);
        batchExchange.setProperty(IndexBatch.PROPERTY, batch);
        Message deadLetter = firstSend(publisher, batchExchange).get(0).getMessage();
        assertThat(deadLetter.getHeaders()).containsEntry(DeadLetterHeaders.REASON, "too_large")
                .doesNotContainKeys(KafkaConstants.KEY, KafkaConstants.OVERRIDE_TIMESTAMP, DeadLetterHeaders.SOURCE_TIMESTAMP);
    }

    /**
     * The dead-letter route's first send (routes/indexer.camel.yaml): what its {@code to: kafka:{{kafka.dlq-topic}}}
     * gets, one exchange per record.
     */
    @SuppressWarnings("unchecked")
    private static List<Exchange> firstSend(DeadLetterPublisher publisher, Exchange batchExchange) {
        publisher.prepare(batchExchange);
        assertThat(publisher.hasUnwritten(batchExchange)).as("a send to make").isTrue();
        publisher.nextSend(batchExchange);
        return batchExchange.getMessage().getBody(List.class);
    }

    /** A record as camel-kafka's batching consumer hands it over (routes/indexer.camel.yaml: key and value as bytes). */
    private Exchange record(RecordHeaders headers, long timestamp) {
        Exchange record = new DefaultExchange(context);
        Message message = record.getMessage();
        message.setBody("not json".getBytes(StandardCharsets.UTF_8));
        message.setHeader(KafkaConstants.TOPIC, "clickstream");
        message.setHeader(KafkaConstants.PARTITION, 4);
        message.setHeader(KafkaConstants.OFFSET, 77L);
        message.setHeader(KafkaConstants.KEY, KEY);
        message.setHeader(KafkaConstants.TIMESTAMP, timestamp);
        message.setHeader(KafkaConstants.MANUAL_COMMIT, (org.apache.camel.component.kafka.consumer.KafkaManualCommit) () -> { });
        if (headers != null) {
            message.setHeader(KafkaConstants.HEADERS, headers);
            // camel-kafka also propagates each record header as a message header (bytes), except kafka.* and Camel*
            headers.forEach(h -> {
                if (!h.key().startsWith("kafka.") && !h.key().startsWith("Camel")) {
                    message.setHeader(h.key(), h.value());
                }
            });
        }
        return record;
    }
}
