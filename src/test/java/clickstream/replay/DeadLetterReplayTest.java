package clickstream.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import clickstream.config.ConfigurationException;
import clickstream.config.SettingsCatalog.Replay;
import clickstream.model.DeadLetterHeaders;
import clickstream.it.LogCapture;

class DeadLetterReplayTest {

    private final DefaultCamelContext context = new DefaultCamelContext();
    private final DeadLetterReplay replay = new DeadLetterReplay("clickstream", 3);

    @AfterEach
    void close() throws Exception {
        context.close();
    }

    /** A record as the kafka consumer hands it over: header values are bytes. */
    private Exchange deadLettered(String replayCount) {
        return deadLettered(replayCount, "clickstream");
    }

    private Exchange deadLettered(String replayCount, String sourceTopic) {
        Exchange exchange = new DefaultExchange(context);
        exchange.getMessage().setBody(new byte[] {'{', '}'});
        exchange.getMessage().setHeader(KafkaConstants.KEY, "user-000001");
        exchange.getMessage().setHeader(KafkaConstants.TOPIC, "clickstream.dlq");
        exchange.getMessage().setHeader("dlq.reason", bytes("mapping_rejected"));
        if (sourceTopic != null) {
            exchange.getMessage().setHeader("dlq.source.topic", bytes(sourceTopic));
        }
        exchange.getMessage().setHeader("dlq.source.offset", bytes("17"));
        exchange.getMessage().setHeader("other", bytes("kept"));
        if (replayCount != null) {
            exchange.getMessage().setHeader(DeadLetterReplay.REPLAY_COUNT, bytes(replayCount));
        }
        return exchange;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstReplayDropsTheDeadLetterHeadersAndCountsOne() {
        Exchange exchange = deadLettered(null);
        byte[] body = exchange.getMessage().getBody(byte[].class);
        assertThat(replay.replayable(exchange)).isTrue();
        replay.prepare(exchange);
        assertThat(exchange.getMessage().getHeaders()).doesNotContainKeys("dlq.reason", "dlq.source.offset", "dlq.source.topic")
                .containsEntry(DeadLetterReplay.REPLAY_COUNT, "1")
                .containsEntry(KafkaConstants.KEY, "user-000001")
                .containsKey("other");
        assertThat(exchange.getMessage().getBody()).isSameAs(body);
    }

    @Test
    void laterReplaysCountOn() {
        Exchange exchange = deadLettered("2");
        assertThat(replay.replayable(exchange)).isTrue();
        replay.prepare(exchange);
        assertThat(exchange.getMessage().getHeader(DeadLetterReplay.REPLAY_COUNT)).isEqualTo("3");
    }

    @Test
    void stopsAfterTheMaximumReplays() {
        assertThat(replay.replayable(deadLettered("3"))).isFalse();
        assertThat(replay.replayable(deadLettered("9"))).isFalse();
        assertThat(new DeadLetterReplay("clickstream", 1).replayable(deadLettered("1"))).isFalse();
        assertThat(new DeadLetterReplay("clickstream", 1).replayable(deadLettered(null))).isTrue();
    }

    @Test
    void onlyDeadLettersOfTheEventTopicAreReplayed() {
        assertThat(replay.replayable(deadLettered(null, "clickstream"))).isTrue();
        // a dead-letter topic shared with another pipeline: its records are not ours to put on our topic
        assertThat(replay.replayable(deadLettered(null, "orders"))).isFalse();
        assertThat(replay.replayable(deadLettered(null, "clickstream.dlq"))).isFalse();
        assertThat(replay.replayable(deadLettered(null, "Clickstream"))).isFalse();
        // no source header: where it came from is unknown
        assertThat(replay.replayable(deadLettered(null, null))).isFalse();
    }

    @Test
    void aTruncatedDeadLetterIsNeverReplayedAndTheWarningSaysWhereTheOriginalIs() {
        Exchange truncated = deadLettered(null);
        truncated.getMessage().setHeader(DeadLetterHeaders.VALUE_TRUNCATED, bytes("true"));
        truncated.getMessage().setHeader(DeadLetterHeaders.SOURCE_PARTITION, bytes("4"));
        Exchange headersDropped = deadLettered(null);
        headersDropped.getMessage().setHeader(DeadLetterHeaders.HEADERS_DROPPED, bytes("true"));

        String log;
        try (LogCapture capture = LogCapture.start()) {
            assertThat(replay.replayable(truncated)).isFalse();
            assertThat(replay.replayable(headersDropped)).isFalse();
            log = capture.text();
        }

        // prepare() would remove the dlq.* headers that say it is a copy: it would pass for the original
        assertThat(log.lines().filter(line -> line.startsWith("WARN")).toList()).hasSize(2).first().asString()
                .contains("truncated").contains("clickstream-4@17");
        Exchange whole = deadLettered(null);
        whole.getMessage().setHeader(DeadLetterHeaders.VALUE_TRUNCATED, bytes("false"));
        assertThat(replay.replayable(whole)).isTrue();
    }

    @Test
    void anUnreadableCountIsZero() {
        assertThat(DeadLetterReplay.replayCount(null)).isZero();
        assertThat(DeadLetterReplay.replayCount(bytes("x"))).isZero();
        assertThat(DeadLetterReplay.replayCount(bytes("-4"))).isZero();
        assertThat(DeadLetterReplay.replayCount(" 5 ")).isEqualTo(5);
    }

    @Test
    void commitsOnlyAfterThePartitionsLastRecordOfThePoll() {
        AtomicInteger commits = new AtomicInteger();
        KafkaManualCommit commit = commits::incrementAndGet;
        Exchange middle = deadLettered(null);
        middle.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        middle.getMessage().setHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, false);
        replay.commit(middle);
        assertThat(commits).hasValue(0);

        Exchange last = deadLettered(null);
        last.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, commit);
        last.getMessage().setHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, true);
        replay.commit(last);
        assertThat(commits).hasValue(1);

        Exchange withoutHandle = deadLettered(null);
        withoutHandle.getMessage().setHeader(KafkaConstants.LAST_RECORD_BEFORE_COMMIT, true);
        assertThatThrownBy(() -> replay.commit(withoutHandle)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("allowManualCommit");
    }

    @Test
    void aMaximumBelowOneNamesTheKey() {
        assertThatThrownBy(() -> Replay.MAX_REPLAYS.type().parse(Replay.MAX_REPLAYS.key(), "0")).isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith("Property dlq.replay.max-replays = 0 is out of range");
    }
}
