package clickstream.replay;

import java.nio.charset.StandardCharsets;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import clickstream.model.DeadLetterHeaders;
import clickstream.config.SettingsCatalog;
import clickstream.model.RecordHeaders;

/**
 * The steps of the opt-in "dlq-replay" route ({@code routes/dlq-replay.camel.yaml}): a record dead-lettered from the event
 * topic ({@code dlq.source.topic} = {@code kafka.topic}) goes back to it with its original key and value bytes and
 * its original headers, without the {@code dlq.*} headers, and with {@value #REPLAY_COUNT} one higher, so a record
 * that keeps failing shows how often it was tried and stops coming back after {@code dlq.replay.max-replays} replays.
 * Dead letters of other topics (a dead-letter topic shared by several pipelines) are left where they are.
 */
public final class DeadLetterReplay {

    /** Record header: how many times the record was replayed from the dead-letter topic (UTF-8 decimal, from 1). */
    public static final String REPLAY_COUNT = RecordHeaders.REPLAY_COUNT;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReplay.class);

    private final String eventTopic;
    private final int maxReplays;

    /**
     * @param eventTopic {@code kafka.topic}: the topic replayed records go to, and the only source replayed
     * @param maxReplays {@code dlq.replay.max-replays}, 1 or more (its declaration's range)
     */
    public DeadLetterReplay(String eventTopic, int maxReplays) {
        this.eventTopic = eventTopic;
        this.maxReplays = maxReplays;
    }

    /**
     * Filter step: false for a dead letter of another topic (or of no known topic), for a dead letter that is not a
     * whole copy of its record (value truncated or source headers dropped by {@code DeadLetterPublisher}: replayed,
     * it would pass for the original once {@link #prepare} removed the dlq.* headers that say so), and for a record
     * already replayed {@code dlq.replay.max-replays} times; those stay in the dead-letter topic only.
     */
    public boolean replayable(Exchange exchange) {
        Message message = exchange.getMessage();
        String sourceTopic = text(message.getHeader(DeadLetterHeaders.SOURCE_TOPIC));
        if (!eventTopic.equals(sourceTopic)) {
            if (sourceTopic == null) {
                LOG.warn("Not replaying {}-{}@{}: it has no {} header, so where it came from is unknown",
                        message.getHeader(KafkaConstants.TOPIC), message.getHeader(KafkaConstants.PARTITION),
                        message.getHeader(KafkaConstants.OFFSET), DeadLetterHeaders.SOURCE_TOPIC);
            } else {
                // a dead-letter topic shared with other pipelines: theirs are not ours to replay (debug: there may be many)
                LOG.debug("Not replaying {}-{}@{}: dead-lettered from {}, not {}", message.getHeader(KafkaConstants.TOPIC),
                        message.getHeader(KafkaConstants.PARTITION), message.getHeader(KafkaConstants.OFFSET),
                        sourceTopic, eventTopic);
            }
            return false;
        }
        if (isTrue(message.getHeader(DeadLetterHeaders.VALUE_TRUNCATED))
                || isTrue(message.getHeader(DeadLetterHeaders.HEADERS_DROPPED))) {
            LOG.warn("Not replaying {}-{}@{}: it is a truncated copy (value of {} bytes, SHA-256 {}); the original is "
                    + "{}-{}@{} in the source topic, if its retention kept it", message.getHeader(KafkaConstants.TOPIC),
                    message.getHeader(KafkaConstants.PARTITION), message.getHeader(KafkaConstants.OFFSET),
                    text(message.getHeader(DeadLetterHeaders.VALUE_SIZE)),
                    text(message.getHeader(DeadLetterHeaders.VALUE_SHA256)), sourceTopic,
                    text(message.getHeader(DeadLetterHeaders.SOURCE_PARTITION)),
                    text(message.getHeader(DeadLetterHeaders.SOURCE_OFFSET)));
            return false;
        }
        int count = replayCount(message.getHeader(REPLAY_COUNT));
        if (count < maxReplays) {
            return true;
        }
        LOG.warn("Not replaying {}-{}@{} again: replayed {} times already ({} = {}), reason {}",
                message.getHeader(KafkaConstants.TOPIC), message.getHeader(KafkaConstants.PARTITION),
                message.getHeader(KafkaConstants.OFFSET), count, SettingsCatalog.Replay.MAX_REPLAYS.key(), maxReplays,
                text(message.getHeader(DeadLetterHeaders.REASON)));
        return false;
    }

    /**
     * Step before the send: drops the {@code dlq.*} headers and counts this replay; key, body and the other headers
     * (the source record's own) stay as they are. The replayed record gets a timestamp of its own (the send time):
     * with the original one it could fall out of the event topic's retention at once.
     */
    public void prepare(Exchange exchange) {
        Message message = exchange.getMessage();
        int count = replayCount(message.getHeader(REPLAY_COUNT));
        message.removeHeaders(DeadLetterHeaders.PREFIX + "*");
        // a string, not an Integer: camel-kafka would write an Integer as 4 binary bytes, unreadable in kcat
        message.setHeader(REPLAY_COUNT, Integer.toString(count + 1));
    }

    /**
     * Last step: commits the replay group's offset once per partition and poll, after the last record of that
     * partition was re-published (the kafka producer has waited for the broker's acknowledgement by then). A crash
     * before it replays those records again: at least once, and their event_id makes the second copy harmless.
     */
    public void commit(Exchange exchange) {
        Message message = exchange.getMessage();
        if (!Boolean.TRUE.equals(message.getHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, Boolean.class))) {
            return;
        }
        KafkaManualCommit commit = message.getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("record has no " + KafkaConstants.MANUAL_COMMIT
                    + " header: the dlq-replay kafka endpoint needs allowManualCommit=true and autoCommitEnable=false");
        }
        commit.commit();
    }

    /** Header values arrive from Kafka as bytes; a missing or unreadable count is 0 (never replayed). */
    static int replayCount(Object header) {
        String text = text(header);
        if (text == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(text.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static boolean isTrue(Object header) {
        String text = text(header);
        return text != null && text.trim().equalsIgnoreCase("true");
    }

    private static String text(Object header) {
        if (header == null) {
            return null;
        }
        return header instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : header.toString();
    }
}
