package clickstream.indexing;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

import clickstream.replay.DeadLetterReplay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the batch's refused records to the dead-letter topic, original key and value untouched, with headers that
 * say why ({@link DeadLetterHeaders}). Runs before the batch's offsets are committed and waits for the broker's
 * acknowledgement, so a record is never both uncommitted-lost and un-dead-lettered.
 */
public final class DeadLetterPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterPublisher.class);

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
        Object key = source.getHeader(KafkaConstants.KEY);
        if (key != null) {
            message.setHeader(KafkaConstants.KEY, key);
        }
        message.setHeader(DeadLetterHeaders.REASON, rejection.reason().code());
        message.setHeader(DeadLetterHeaders.ERROR_CLASS, rejection.errorClass());
        message.setHeader(DeadLetterHeaders.ERROR_MESSAGE, rejection.message());
        message.setHeader(DeadLetterHeaders.SOURCE_TOPIC, header(rejection.record(), KafkaConstants.TOPIC));
        message.setHeader(DeadLetterHeaders.SOURCE_PARTITION, header(rejection.record(), KafkaConstants.PARTITION));
        message.setHeader(DeadLetterHeaders.SOURCE_OFFSET, header(rejection.record(), KafkaConstants.OFFSET));
        message.setHeader(DeadLetterHeaders.FAILED_AT, now);
        message.setHeader(DeadLetterHeaders.ATTEMPTS, Integer.toString(rejection.attempts()));
        // a replayed record keeps its replay count, so dlq.replay.max-replays can stop a record that never succeeds
        Object replays = source.getHeader(DeadLetterReplay.REPLAY_COUNT);
        if (replays != null) {
            message.setHeader(DeadLetterReplay.REPLAY_COUNT, replays instanceof byte[] bytes
                    ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : replays.toString());
        }
        return message;
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
