package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.embedded.Ports;

/**
 * Issue 12 point 4, the rule of docs/capacity.md "Many generators": {@code generator.rate} is per instance, so N
 * generator instances (JVMs, as pods are) on one topic produce N x generator.rate events per second, and their event
 * ids never collide (generator.RunIds: every run draws its own id key). Two generator JVMs at {@value #RATE}/s each:
 * the topic grows at 2 x {@value #RATE}/s, and every event_id on it is distinct.
 */
class ManyGeneratorsIT extends PipelineTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(ManyGeneratorsIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int RATE = 500;
    private static final int INSTANCES = 2;
    private static final int WINDOW_SECONDS = 10;

    @Test
    void twoGeneratorJvmsAddTheirRatesAndNeverRepeatAnEventId() throws Exception {
        TestNames names = names("many-generators");
        Map<String, String> props = properties(names);
        props.put("indexer.enabled", "false"); // the topic is what is checked
        props.put("generator.rate", String.valueOf(RATE));

        double rate;
        try (ChildApp first = ChildApp.start("many-generators-1", withOwnPort(props));
             ChildApp second = ChildApp.start("many-generators-2", withOwnPort(props))) {
            first.awaitRoutesStarted(Duration.ofMinutes(3));
            second.awaitRoutesStarted(Duration.ofMinutes(3));
            // past the start: both producers connected and their pacers past the one-second catch-up after start
            long started = kafka.endOffsets(names.topic());
            await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
                    .until(() -> kafka.endOffsets(names.topic()) >= started + 2L * INSTANCES * RATE);

            long fromOffset = kafka.endOffsets(names.topic());
            long from = System.nanoTime();
            long expected = (long) INSTANCES * RATE * WINDOW_SECONDS;
            // one instance alone would get there in twice the time: still within atMost, and the rate below says so
            long[] to = new long[2];
            await().atMost(Duration.ofSeconds(4L * WINDOW_SECONDS)).pollInterval(Duration.ofMillis(100)).until(() -> {
                to[0] = kafka.endOffsets(names.topic());
                to[1] = System.nanoTime();
                return to[0] - fromOffset >= expected;
            });
            rate = (to[0] - fromOffset) / ((to[1] - from) / 1e9);

            assertThat(first.isAlive()).as("first generator; output:%n%s", first.output()).isTrue();
            assertThat(second.isAlive()).as("second generator; output:%n%s", second.output()).isTrue();
            assertThat(first.terminate(30, TimeUnit.SECONDS)).isZero();
            assertThat(second.terminate(30, TimeUnit.SECONDS)).isZero();
        }

        // N x generator.rate; the pacer holds each instance to its rate, the slack is the offset polling's
        assertThat(rate).as("events/s on the topic from %d instances at generator.rate = %d", INSTANCES, RATE)
                .isBetween(0.8 * INSTANCES * RATE, 1.2 * INSTANCES * RATE);

        long records = kafka.endOffsets(names.topic());
        List<ConsumerRecord<String, byte[]>> all = kafka.readAll(names.topic(), (int) records, Duration.ofMinutes(1));
        assertThat(all).hasSize((int) records);
        Set<String> eventIds = new HashSet<>();
        for (ConsumerRecord<String, byte[]> record : all) {
            eventIds.add(JSON.readTree(record.value()).path("event_id").asText());
        }
        // sizes, not the sets: a failure would otherwise print every id
        assertThat(eventIds.size()).as("distinct event_ids of %,d records", records).isEqualTo((int) records);
        LOG.info("{} instances at generator.rate {}: {} events/s on the topic; {} records, all event_ids distinct",
                INSTANCES, RATE, Math.round(rate), records);
    }

    /** The same settings on an HTTP port of its own, as each pod has. */
    private static Map<String, String> withOwnPort(Map<String, String> props) {
        Map<String, String> own = new LinkedHashMap<>(props);
        own.put("http.port", String.valueOf(Ports.freePort()));
        return own;
    }
}
