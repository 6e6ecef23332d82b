package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import clickstream.observe.PipelineMetrics;
import clickstream.embedded.Ports;

/**
 * Generators as replicas and restarts run them, with the default settings (generator.seed blank): two instances on
 * one topic, one of them stopped mid-run and started again. Before, every run replayed seed 42's ids, so a restart
 * or a second instance overwrote the documents of the first.
 */
class GeneratorIdsIT extends PipelineTestSupport {

    private static final Logger LOG = LoggerFactory.getLogger(GeneratorIdsIT.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEED_LINE =
            Pattern.compile("generator seed (-?\\d+) \\(set generator\\.seed=\\1 to repeat this run's content\\)");
    private static final int PER_RUN = 2_000;

    @Test
    void twoGeneratorsAndARestartNeverRepeatAnEventOrSessionId() throws Exception {
        TestNames names = names("generator-ids");
        Map<String, String> props = properties(names);
        props.put("indexer.enabled", "false"); // the topic is what is checked
        props.put("generator.rate", "2000");

        long produced = 0;
        List<String> seeds = new ArrayList<>();
        try (LogCapture log = LogCapture.start()) {
            try (RunningApp first = startApp(props)) {
                try (RunningApp second = startApp(ownPort(props))) {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                            .until(() -> first.metrics().produced() >= PER_RUN && second.metrics().produced() >= PER_RUN);
                    PipelineMetrics metrics = second.metrics();
                    second.close(); // its Camel context and generator stop, as a pod's would
                    produced += metrics.produced();
                }
                try (RunningApp restarted = startApp(ownPort(props))) {
                    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                            .until(() -> restarted.metrics().produced() >= PER_RUN);
                    PipelineMetrics metrics = restarted.metrics();
                    restarted.close();
                    produced += metrics.produced();
                }
                PipelineMetrics metrics = first.metrics();
                first.close();
                produced += metrics.produced();
            }
            Matcher seed = SEED_LINE.matcher(log.text());
            while (seed.find()) {
                seeds.add(seed.group(1));
            }
        }

        long records = kafka.endOffsets(names.topic());
        assertThat(records).as("records on the topic = records the three runs sent").isEqualTo(produced);
        List<ConsumerRecord<String, byte[]>> all = kafka.readAll(names.topic(), (int) records, Duration.ofMinutes(1));
        assertThat(all).hasSize((int) records);
        List<String> eventIds = new ArrayList<>();
        List<String> loginSessions = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : all) {
            JsonNode event = JSON.readTree(record.value());
            eventIds.add(event.path("event_id").asText());
            if (event.path("event_type").asText().equals("login")) {
                loginSessions.add(event.path("session_id").asText()); // one login per session
            }
        }
        // sizes, not the sets: a failure would otherwise print every id
        int distinctEventIds = new HashSet<>(eventIds).size();
        int distinctSessionIds = new HashSet<>(loginSessions).size();
        assertThat(distinctEventIds).as("distinct event_ids of %,d records", records).isEqualTo(eventIds.size());
        assertThat(distinctSessionIds).as("distinct session_ids of %,d logins", loginSessions.size())
                .isEqualTo(loginSessions.size());
        assertThat(loginSessions).hasSizeGreaterThan(100);

        // each run drew its own seed and said which, so its content can be repeated
        assertThat(seeds).hasSize(3).doesNotHaveDuplicates();
        LOG.info("{} records, {} distinct event_ids, {} logins, {} distinct session_ids; seeds {}", records,
                distinctEventIds, loginSessions.size(), distinctSessionIds, seeds);
    }

    /** The same settings on an HTTP port of its own, as each pod has. */
    private static Map<String, String> ownPort(Map<String, String> props) {
        Map<String, String> own = new LinkedHashMap<>(props);
        own.put("http.port", String.valueOf(Ports.freePort()));
        return own;
    }
}
