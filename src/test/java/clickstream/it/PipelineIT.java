package clickstream.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import clickstream.generator.ClickstreamGenerator;
import clickstream.generator.GeneratorSettings;
import clickstream.model.ClickEvent;
import clickstream.model.ClickEventJson;

/** Both routes against the real embedded broker and node. */
class PipelineIT extends PipelineTestSupport {

    @Test
    void indexesExactlyTheEventsProducedAndCommitsAfterwards() throws Exception {
        TestNames names = names("known-events");
        Map<String, String> props = properties(names);
        props.put("generator.enabled", "false");
        try (RunningApp app = startApp(props)) {
            List<ClickEvent> events = new ClickstreamGenerator(GeneratorSettings.defaults().withSeed(7), Clock.systemUTC()).next(3000);
            kafka.produce(names.topic(), events.stream()
                    .map(e -> (Map.Entry<String, byte[]>) new AbstractMap.SimpleEntry<>(e.userId(), ClickEventJson.toBytes(e)))
                    .toList());

            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= events.size());
            Set<String> expected = events.stream().map(ClickEvent::eventId).collect(Collectors.toSet());
            assertThat(search.count(names.indexPattern())).isEqualTo(events.size());
            assertThat(search.ids(names.indexPattern())).isEqualTo(expected);

            // offsets are committed after indexing, per partition, up to the end of the topic
            assertThat(kafka.partitions(names.topic())).isEqualTo(6);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.committed(names.group(), names.topic()) == kafka.endOffsets(names.topic()));
            assertThat(kafka.readAll(names.dlqTopic(), 1, Duration.ofSeconds(2))).isEmpty();
        }
    }

    @Test
    void generatorRouteFeedsTheIndexerWithRealisticSessions() throws Exception {
        TestNames names = names("generated");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "2000");
        try (RunningApp app = startApp(props)) {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                    .until(() -> search.count(names.indexPattern()) >= 6000);
            app.context().getRouteController().stopRoute("generator");
            long produced = app.metrics().produced();
            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> search.count(names.indexPattern()) == kafka.endOffsets(names.topic()));
            assertThat(kafka.endOffsets(names.topic())).isEqualTo(produced);

            JsonNode aggs = search.post("/" + names.indexPattern() + "/_search", """
                    {"size":0,"aggs":{
                      "types":{"terms":{"field":"event_type","size":20}},
                      "devices":{"terms":{"field":"device_type","size":20}},
                      "categories":{"terms":{"field":"category","size":20}},
                      "articles":{"terms":{"field":"article_id","size":10000}}}}""").path("aggregations");
            assertThat(keys(aggs.path("types"))).containsExactlyInAnyOrder("login", "view", "like", "comment", "share", "logout");
            assertThat(keys(aggs.path("devices"))).containsExactlyInAnyOrder("desktop", "mobile", "tablet");
            assertThat(keys(aggs.path("categories"))).hasSizeGreaterThanOrEqualTo(6);

            // skew: the top 10 % of articles get well over 10 % of article events
            List<Long> perArticle = aggs.path("articles").path("buckets").findValues("doc_count").stream()
                    .map(JsonNode::asLong).sorted((a, b) -> Long.compare(b, a)).toList();
            long total = perArticle.stream().mapToLong(Long::longValue).sum();
            long top = perArticle.stream().limit(Math.max(1, perArticle.size() / 10)).mapToLong(Long::longValue).sum();
            assertThat((double) top / total).isGreaterThan(0.25);

            // every session's earliest event is its login
            JsonNode firstEvents = search.post("/" + names.indexPattern() + "/_search", """
                    {"size":0,"aggs":{"sessions":{"terms":{"field":"session_id","size":10000},
                      "aggs":{"first":{"top_hits":{"size":1,"sort":[{"timestamp":"asc"}],"_source":["event_type"]}}}}}}""")
                    .path("aggregations").path("sessions").path("buckets");
            assertThat(firstEvents.size()).isGreaterThan(100);
            for (JsonNode session : firstEvents) {
                assertThat(session.path("first").path("hits").path("hits").get(0).path("_source").path("event_type").asText())
                        .as("first event of session %s", session.path("key").asText())
                        .isEqualTo("login");
            }
        }
    }

    @Test
    void stoppingMidStreamLetsTheBatchInFlightFinishInsteadOfForcingTheRoutes() throws Exception {
        TestNames names = names("graceful-stop");
        Map<String, String> props = properties(names);
        props.put("generator.rate", "2000");
        RunningApp app = startApp(props);
        CamelContext context = app.context();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> app.metrics().indexed() >= 2000);
        } finally {
            // the generator keeps producing, so the indexer always has a batch filling or in flight when this lands
            app.close();
        }
        // a forced stop means a batch waited on a stopped bulk-index route (or OpenSearch client) until the timeout
        assertThat(context.getShutdownStrategy().hasTimeoutOccurred())
                .as("graceful shutdown ran into its timeout and forced the routes").isFalse();
        // and what was committed is indexed
        long committed = kafka.committed(names.group(), names.topic());
        assertThat(committed).isPositive();
        assertThat(search.count(names.indexPattern())).isGreaterThanOrEqualTo(committed);
    }

    private static List<String> keys(JsonNode terms) {
        return terms.path("buckets").findValues("key").stream().map(JsonNode::asText).toList();
    }
}
