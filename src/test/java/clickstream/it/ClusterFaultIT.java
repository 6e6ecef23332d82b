package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorRoute;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/**
 * Refusals by the cluster, not the document, against the real pipeline: a write block on the live daily index holds
 * the indexer (readiness DOWN with the reason) and loses or dead-letters nothing; a record that reuses an indexed
 * event_id is counted as a duplicate and never overwrites the document.
 */
class ClusterFaultIT extends PipelineTestSupport {

    private static final Duration BLOCK = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aWriteBlockForThirtySecondsHoldsReadinessDownAndLosesNothing() throws Exception {
        TestNames names = names("write-block");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "200");
        props.put("retry.initial-delay-ms", "200");
        props.put("retry.max-delay-ms", "5000");
        // small requests, so batches go out in several (the backlog after the block in dozens)
        props.put("indexer.max-bulk-bytes", "32768");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).until(() -> search.count(names.indexPattern()) >= 500);
            assertThat(indexerCheck(http).path("status").asText()).isEqualTo("UP");

            // every daily index of this test: the live one, and yesterday's should the test run over midnight UTC
            search.put("/" + names.indexPattern() + "/_settings", "{\"index.blocks.write\":true}");
            long endAtBlock = kafka.endOffsets(names.topic());
            try {
                await().atMost(BLOCK).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                    JsonNode check = indexerCheck(http);
                    assertThat(check.path("status").asText()).isEqualTo("DOWN");
                    assertThat(check.toString()).contains("cluster_block_exception").contains("index write");
                });
                // for the whole block: held down, nothing produced since the block is committed
                await().during(BLOCK).atMost(BLOCK.plusSeconds(30)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> "DOWN".equals(indexerCheck(http).path("status").asText())
                                && kafka.committed(names.group(), names.topic()) <= endAtBlock);
                // while the events kept coming, and none was dead-lettered
                assertThat(kafka.endOffsets(names.topic())).isGreaterThan(endAtBlock + 1000);
                assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
            } finally {
                search.put("/" + names.indexPattern() + "/_settings", "{\"index.blocks.write\":null}");
            }

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> "UP".equals(indexerCheck(http).path("status").asText()));
            app.context().getRouteController().stopRoute(GeneratorRoute.ROUTE_ID);
            long produced = kafka.endOffsets(names.topic());
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> kafka.committed(names.group(), names.topic()) == produced);

            // 0 lost: every distinct event_id sent is a document, and there is no other document
            List<ConsumerRecord<String, byte[]>> sent = kafka.readAll(names.topic(), (int) produced, Duration.ofMinutes(1));
            assertThat(sent).hasSize((int) produced);
            Set<String> sentIds = new HashSet<>();
            for (ConsumerRecord<String, byte[]> record : sent) {
                sentIds.add(JSON.readTree(record.value()).path("event_id").asText());
            }
            assertThat(sentIds).hasSizeGreaterThan(6000);
            assertThat(search.ids(names.indexPattern())).isEqualTo(sentIds);
            assertThat(search.count(names.indexPattern())).isEqualTo(sentIds.size());
            // 0 dead-lettered
            assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(3))).isEmpty();
            assertThat(app.metrics().deadLettered()).isZero();
            assertThat(indexerCheck(http).path("status").asText()).isEqualTo("UP");
        }
    }

    @Test
    void aRecordReusingAnIndexedEventIdIsADuplicateAndNeverOverwritesIt() throws Exception {
        TestNames names = names("duplicate");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        AppHttp http = new AppHttp(Integer.parseInt(props.get("http.port")));
        List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults(), Clock.systemUTC()).next(2);
        ClickEvent original = events.get(0);
        // another valid event under the same event_id: a replay of an older version, a buggy or hostile producer
        ObjectNode reused = (ObjectNode) JSON.readTree(ClickEventJson.toBytes(events.get(1)));
        reused.put("event_id", original.eventId());
        reused.put("timestamp", original.timestamp());
        try (RunningApp app = startApp(props)) {
            kafka.produce(names.topic(), List.of(new AbstractMap.SimpleEntry<>("k1", ClickEventJson.toBytes(original))));
            await().atMost(Duration.ofMinutes(2)).until(() -> search.count(names.indexPattern()) == 1);
            kafka.produce(names.topic(), List.of(new AbstractMap.SimpleEntry<>("k2", bytes(reused))));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> kafka.committed(names.group(), names.topic()) == 2);

            JsonNode hits = search.post("/" + names.indexPattern() + "/_search", "{\"query\":{\"match_all\":{}}}")
                    .path("hits").path("hits");
            assertThat(hits).hasSize(1);
            assertThat(hits.get(0).path("_id").asText()).isEqualTo(original.eventId());
            assertThat(hits.get(0).path("_source")).isEqualTo(JSON.readTree(ClickEventJson.toBytes(original)));
            assertThat(app.metrics().duplicates()).isEqualTo(1);
            assertThat(app.metrics().indexed()).isEqualTo(2);
            assertThat(app.metrics().deadLettered()).isZero();
            assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(metric(http.get("/observe/metrics").body(), "clickstream_events_duplicate_total")).isEqualTo(1.0));
        }
    }

    /** The indexer's readiness check, as /observe/health/ready shows it (missing if it is not there). */
    private static JsonNode indexerCheck(AppHttp http) {
        for (JsonNode check : http.get("/observe/health/ready?exposureLevel=full").json().path("checks")) {
            if ("indexer".equals(check.path("name").asText())) {
                return check;
            }
        }
        return MissingNode.getInstance();
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double metric(String scrape, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no sample " + name + " in the scrape");
        }
        return Double.parseDouble(m.group(2));
    }
}
