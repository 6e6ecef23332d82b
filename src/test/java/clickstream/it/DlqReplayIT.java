package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.indexing.DeadLetterHeaders;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;
import clickstream.replay.DeadLetterReplay;

/**
 * The replay mechanics: records put on the dead-letter topic (as the indexer writes them) go back to the event
 * topic with their key and bytes, without dlq.* headers and with a replay count, and get indexed; one replayed too
 * often already stays where it is.
 */
class DlqReplayIT extends PipelineTestSupport {

    @Test
    void replaysDeadLetteredRecordsToTheEventTopic() throws Exception {
        TestNames names = names("dlq-replay");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        props.put("dlq.replay.enabled", "true");
        props.put(DeadLetterReplay.MAX_REPLAYS_KEY, "3");
        String replayGroup = names.group() + "-replay";

        List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(5), Clock.systemUTC()).next(12);
        List<ProducerRecord<String, byte[]>> deadLettered = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(names.dlqTopic(), events.get(i).userId(),
                    ClickEventJson.toBytes(events.get(i)));
            header(record, DeadLetterHeaders.REASON, "mapping_rejected");
            header(record, DeadLetterHeaders.ERROR_CLASS, "opensearch.strict_dynamic_mapping_exception");
            header(record, DeadLetterHeaders.ERROR_MESSAGE, "HTTP 400 strict_dynamic_mapping_exception: ...");
            header(record, DeadLetterHeaders.SOURCE_TOPIC, names.topic());
            header(record, DeadLetterHeaders.SOURCE_PARTITION, "0");
            header(record, DeadLetterHeaders.SOURCE_OFFSET, Integer.toString(i));
            header(record, DeadLetterHeaders.FAILED_AT, "2026-11-26T05:31:02.123Z");
            header(record, DeadLetterHeaders.ATTEMPTS, "1");
            header(record, "trace-id", "t-" + i);
            if (i == 10) {
                header(record, DeadLetterReplay.REPLAY_COUNT, "1"); // replayed once before: this is the second time
            }
            if (i == 11) {
                header(record, DeadLetterReplay.REPLAY_COUNT, "3"); // replayed the maximum number of times already
            }
            deadLettered.add(record);
        }
        List<ClickEvent> expected = events.subList(0, 11);

        try (RunningApp app = startApp(props)) {
            kafka.send(deadLettered);

            // the replay group commits after re-publishing: at the end of the dead-letter topic, all are handled
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(replayGroup, names.dlqTopic()) == deadLettered.size());
            assertThat(kafka.endOffsets(names.topic())).as("every record but the one replayed too often")
                    .isEqualTo(expected.size());

            List<ConsumerRecord<String, byte[]>> replayed = kafka.readAll(names.topic(), expected.size(), Duration.ofSeconds(30));
            assertThat(replayed).hasSize(expected.size());
            for (int i = 0; i < expected.size(); i++) {
                byte[] original = deadLettered.get(i).value();
                List<ConsumerRecord<String, byte[]>> copies = replayed.stream()
                        .filter(r -> Arrays.equals(r.value(), original)).toList();
                assertThat(copies).as("record %d", i).hasSize(1);
                ConsumerRecord<String, byte[]> copy = copies.get(0);
                assertThat(copy.key()).isEqualTo(deadLettered.get(i).key());
                assertThat(text(copy.headers().lastHeader(DeadLetterReplay.REPLAY_COUNT))).as("record %d", i)
                        .isEqualTo(i == 10 ? "2" : "1");
                assertThat(text(copy.headers().lastHeader("trace-id"))).isEqualTo("t-" + i);
                for (Header header : copy.headers()) {
                    assertThat(header.key()).doesNotStartWith("dlq.");
                }
            }

            // and the indexer takes them from there
            Set<String> ids = expected.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == expected.size());
            assertThat(search.count(names.indexPattern())).isEqualTo(expected.size()); // refreshes the indices
            assertThat(search.ids(names.indexPattern())).isEqualTo(ids);
            // the replay leaves the dead-letter topic as it was
            assertThat(kafka.endOffsets(names.dlqTopic())).isEqualTo(deadLettered.size());
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String text(Header header) {
        assertThat(header).isNotNull();
        return new String(header.value(), StandardCharsets.UTF_8);
    }
}
