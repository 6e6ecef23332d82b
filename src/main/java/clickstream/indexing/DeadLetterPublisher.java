package clickstream.indexing;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.KafkaHeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the batch's refused records to the dead-letter topic, original key, value, headers and timestamp untouched,
 * with headers that say why ({@link DeadLetterHeaders}). Runs before the batch's offsets are committed and waits for the broker's
 * acknowledgement, so a record is never both uncommitted-lost and un-dead-lettered.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);
    /** What the dead-letter producer (camel-kafka's default strategy) never writes as a Kafka header. */
    private static final HeaderFilterStrategy CAMEL_KAFKA_HEADERS = new KafkaHeaderFilterStrategy();

    private final CamelContext context;
    private final String endpointUri;
    private final Clock clock;
    private ProducerTemplate template;

    public DeadLetterPublisher(CamelContext context, String endpointUri, Clock clock) {
        this.context = context;
        this.endpointUri = endpointUri;
        this.clock = clock;
    }

    /** Route step: publishes {@link IndexBatch#rejections()}; throws if the dead-letter topic did not take them. */
    public void publishRejected(Exchange exchange) {
        IndexBatch batch = IndexBatch.of(exchange);
        if (batch.rejections().isEmpty()) {
            return;
        }
        String now = clock.instant().toString();
        List<Message> messages = new ArrayList<>(batch.rejections().size());
        for (IndexBatch.Rejection rejection : batch.rejections()) {
            messages.add(toMessage(rejection, now));
        }
        Exchange result = template().send(endpointUri, out -> out.getMessage().setBody(messages));
        if (result.getException() != null) {
            throw new DeadLetterException("could not write " + messages.size() + " records to the dead-letter topic",
                    result.getException());
        }
        for (IndexBatch.Rejection rejection : batch.rejections()) {
            LOG.warn("Dead-lettered {}-{}@{}: {} ({})", header(rejection.record(), KafkaConstants.TOPIC),
                    header(rejection.record(), KafkaConstants.PARTITION), header(rejection.record(), KafkaConstants.OFFSET),
                    rejection.reason().code(), rejection.message());
        }
    }

    private Message toMessage(IndexBatch.Rejection rejection, String now) {
        Message source = rejection.record().getMessage();
        Message message = new DefaultMessage(context);
        message.setBody(source.getBody());
        copySourceHeaders(rejection.record(), message);
        // the key as consumed: bytes (routes/indexer.yaml reads it with the ByteArrayDeserializer), written back as they were
        Object key = source.getHeader(KafkaConstants.KEY);
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        Long timestamp = source.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        if (timestamp != null && timestamp >= 0) {
            // the dead letter keeps the source record's timestamp (so kafka.dlq-retention counts from it, too)
            message.setHeader(KafkaConstants.OVERRIDE_TIMESTAMP, timestamp);
            message.setHeader(DeadLetterHeaders.SOURCE_TIMESTAMP, Instant.ofEpochMilli(timestamp).toString());
        }
        message.setHeader(DeadLetterHeaders.REASON, rejection.reason().code());
        message.setHeader(DeadLetterHeaders.ERROR_CLASS, rejection.errorClass());
        message.setHeader(DeadLetterHeaders.ERROR_MESSAGE, rejection.message());
        message.setHeader(DeadLetterHeaders.SOURCE_TOPIC, header(rejection.record(), KafkaConstants.TOPIC));
        message.setHeader(DeadLetterHeaders.SOURCE_PARTITION, header(rejection.record(), KafkaConstants.PARTITION));
        message.setHeader(DeadLetterHeaders.SOURCE_OFFSET, header(rejection.record(), KafkaConstants.OFFSET));
        message.setHeader(DeadLetterHeaders.FAILED_AT, now);
        message.setHeader(DeadLetterHeaders.ATTEMPTS, Integer.toString(rejection.attempts()));
        return message;
    }

    /**
     * The source record's own Kafka headers, byte for byte, from the raw record headers camel-kafka puts on each
     * consumed record ({@code kafka.HEADERS}); a replayed record's {@code clickstream.replay.count} is one of them, so
     * {@code dlq.replay.max-replays} can stop a record that never succeeds. Not copied: {@code dlq.*} (this publisher
     * writes those) and what camel-kafka's producer would drop anyway ({@code kafka.*}, {@code Camel*}, a header
     * with a null value). A header name repeated in the source record arrives once, with its last value (Camel
     * headers are a map).
     */
    private static void copySourceHeaders(Exchange record, Message message) {
        Headers headers = record.getMessage().getHeader(KafkaConstants.HEADERS, Headers.class);
        if (headers == null) {
            return;
        }
        for (Header header : headers) {
            String name = header.key();
            if (name.startsWith(DeadLetterHeaders.PREFIX) || header.value() == null
                    || CAMEL_KAFKA_HEADERS.applyFilterToCamelHeaders(name, header.value(), record)) {
                continue;
            }
            message.setHeader(name, header.value());
        }
    }

    private static String header(Exchange record, String name) {
        Object value = record.getMessage().getHeader(name);
        return value == null ? "" : value.toString();
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    /** The dead-letter topic could not be written: retried like any transient Kafka fault, never skipped. */
    public static class DeadLetterException extends RuntimeException {
        public DeadLetterException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
